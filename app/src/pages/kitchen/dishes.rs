//! Dishes and menus in the kitchen: add, edit and delete dishes with everything the cost
//! calculator needs; compose menus from them in serving order.

use domain::{
    catalog::{Allergen, Course, DietaryFlag, Dish, DishForm, Menu, MenuForm},
    money::{minor_units_typed, Currency, Money},
};
use leptos::prelude::*;
use std::collections::BTreeSet;

use super::{major_units, on_result, use_kitchen, FieldMessage, FormErrors, Saved};
use crate::api::workspace::{DeleteDish, DeleteMenu, SaveDish, SaveMenu};

fn blank_dish() -> DishForm {
    DishForm {
        name: String::new(),
        description: String::new(),
        course: Course::Main,
        ingredients: Vec::new(),
        organic: false,
        dietary: BTreeSet::new(),
        allergens: BTreeSet::new(),
        price_per_guest_minor: 0,
        min_guests: 1,
        prep_minutes: 30,
    }
}

fn form_of(dish: &Dish) -> DishForm {
    DishForm {
        name: dish.name.clone(),
        description: dish.description.clone(),
        course: dish.course,
        ingredients: dish.ingredients.clone(),
        organic: dish.organic,
        dietary: dish.dietary.clone(),
        allergens: dish.allergens.clone(),
        price_per_guest_minor: dish.price_per_guest.amount_minor,
        min_guests: i64::from(dish.min_guests),
        prep_minutes: i64::from(dish.prep_minutes),
    }
}

#[component]
pub fn DishManager(dishes: Vec<Dish>, currency: Currency) -> impl IntoView {
    let kitchen = use_kitchen();
    let editing = RwSignal::new(None::<i64>);
    let form = RwSignal::new(blank_dish());
    let ingredients_text = RwSignal::new(String::new());
    let price_text = RwSignal::new(String::new());
    let local = Memo::new(move |_| form.with(|f| f.validate().err().unwrap_or_default()));
    let errors = FormErrors::new(local);
    let save = ServerAction::<SaveDish>::new();
    let delete = ServerAction::<DeleteDish>::new();
    on_result(
        move || save.value().get(),
        errors,
        move |dish| {
            kitchen.saved("dish", &format!("“{}” saved.", dish.name));
        },
    );
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            kitchen.saved("dish-list", "Dish deleted.");
        }
    });
    let edit = move |change: &dyn Fn(&mut DishForm)| {
        errors.edited();
        form.update(|f| change(f));
    };
    let start_editing = move |dish: &Dish| {
        editing.set(Some(dish.id));
        form.set(form_of(dish));
        ingredients_text.set(dish.ingredients.join(", "));
        price_text.set(major_units(dish.price_per_guest.amount_minor));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if errors.ready_to_send() {
            save.dispatch(SaveDish {
                dish_id: editing.get_untracked(),
                form: form.get_untracked(),
            });
        }
    };

    view! {
        <section class="kitchen-card" id="dishes">
            <h2>"Dishes"</h2>
            <Saved place="dish-list" />
            <ul class="kitchen-list">
                {dishes.into_iter().map(|dish| {
                    let id = dish.id;
                    let for_edit = dish.clone();
                    view! {
                        <li data-testid="kitchen-dish">
                            <span><strong>{dish.name.clone()}</strong>" · "{dish.course.label()}" · "{format!("{}", dish.price_per_guest)}</span>
                            <span class="actions">
                                <button type="button" class="link-button" on:click=move |_| start_editing(&for_edit)>"Edit"</button>
                                <button type="button" class="link-button danger" on:click=move |_| { delete.dispatch(DeleteDish { dish_id: id }); }>"Delete"</button>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form on:submit=submit novalidate data-testid="dish-form">
                <h3>{move || if editing.get().is_some() { "Edit dish" } else { "Add a dish" }}</h3>
                <div class="field-row">
                    <div class="field">
                        <label for="dish-name">"Name"</label>
                        <input id="dish-name" name="name" prop:value=move || form.with(|f| f.name.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); edit(&|f| f.name = v.clone()); }
                            on:blur=move |_| errors.touch("name") />
                        <FieldMessage errors field="name".into() />
                    </div>
                    <div class="field">
                        <label for="dish-course">"Course"</label>
                        <select id="dish-course" name="course" on:change=move |ev| {
                            if let Some(course) = Course::parse(&event_target_value(&ev)) { edit(&|f| f.course = course); }
                        }>
                            {Course::ALL.iter().map(|course| view! {
                                <option value=course.code() selected=move || form.with(|f| f.course == *course)>{course.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field">
                    <label for="dish-description">"Description"</label>
                    <input id="dish-description" name="description" prop:value=move || form.with(|f| f.description.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); edit(&|f| f.description = v.clone()); }
                        on:blur=move |_| errors.touch("description") />
                    <FieldMessage errors field="description".into() />
                </div>
                <div class="field">
                    <label for="dish-ingredients">"Ingredients, separated by commas"</label>
                    <input id="dish-ingredients" name="ingredients" prop:value=move || ingredients_text.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            let list: Vec<String> = text.split(',').map(|i| i.trim().to_owned()).filter(|i| !i.is_empty()).collect();
                            ingredients_text.set(text);
                            edit(&|f| f.ingredients = list.clone());
                        }
                        on:blur=move |_| errors.touch("ingredients") />
                    <FieldMessage errors field="ingredients".into() />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="dish-price">{format!("Price per guest ({})", currency.code())}</label>
                        <input id="dish-price" name="price" inputmode="decimal" prop:value=move || price_text.get()
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                let minor = minor_units_typed(&text).unwrap_or(0);
                                price_text.set(text);
                                edit(&|f| f.price_per_guest_minor = minor);
                            }
                            on:blur=move |_| errors.touch("price_per_guest_minor") />
                        <FieldMessage errors field="price_per_guest_minor".into() />
                    </div>
                    <div class="field">
                        <label for="dish-min-guests">"Fewest guests"</label>
                        <input id="dish-min-guests" name="min_guests" type="number" prop:value=move || form.with(|f| f.min_guests.to_string())
                            on:input=move |ev| { let v = event_target_value(&ev).trim().parse().unwrap_or(-1); edit(&|f| f.min_guests = v); }
                            on:blur=move |_| errors.touch("min_guests") />
                        <FieldMessage errors field="min_guests".into() />
                    </div>
                    <div class="field">
                        <label for="dish-prep">"Preparation (minutes)"</label>
                        <input id="dish-prep" name="prep_minutes" type="number" prop:value=move || form.with(|f| f.prep_minutes.to_string())
                            on:input=move |ev| { let v = event_target_value(&ev).trim().parse().unwrap_or(-1); edit(&|f| f.prep_minutes = v); }
                            on:blur=move |_| errors.touch("prep_minutes") />
                        <FieldMessage errors field="prep_minutes".into() />
                    </div>
                </div>
                <fieldset class="field">
                    <legend>"Suitable for"</legend>
                    <div class="checks">
                        <label class="check">
                            <input type="checkbox" name="organic" prop:checked=move || form.with(|f| f.organic)
                                on:change=move |ev| { let on = event_target_checked(&ev); edit(&|f| f.organic = on); } />
                            "Organic"
                        </label>
                        {DietaryFlag::ALL.iter().map(|diet| view! {
                            <label class="check">
                                <input type="checkbox" name="dietary" value=diet.code()
                                    prop:checked=move || form.with(|f| f.dietary.contains(diet))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        edit(&|f| { if on { f.dietary.insert(*diet); } else { f.dietary.remove(diet); } });
                                        errors.touch("dietary");
                                    } />
                                {diet.label()}
                            </label>
                        }).collect_view()}
                    </div>
                    <FieldMessage errors field="dietary".into() />
                </fieldset>
                <fieldset class="field">
                    <legend>"Contains (EU allergens)"</legend>
                    <div class="checks">
                        {Allergen::ALL.iter().map(|allergen| view! {
                            <label class="check">
                                <input type="checkbox" name="allergens" value=allergen.code()
                                    prop:checked=move || form.with(|f| f.allergens.contains(allergen))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        edit(&|f| { if on { f.allergens.insert(*allergen); } else { f.allergens.remove(allergen); } });
                                        errors.touch("dietary");
                                    } />
                                {allergen.label()}
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <p class="form-error" role="alert">{move || errors.general()}</p>
                <div class="form-actions">
                    <button type="submit" class="button" data-testid="save-dish" disabled=move || save.pending().get()>
                        {move || if editing.get().is_some() { "Save dish" } else { "Add dish" }}
                    </button>
                    <Saved place="dish" />
                </div>
            </form>
        </section>
    }
    .into_any()
}

#[component]
pub fn MenuManager(dishes: Vec<Dish>, menus: Vec<Menu>) -> impl IntoView {
    let kitchen = use_kitchen();
    let form = RwSignal::new(MenuForm {
        name: String::new(),
        description: String::new(),
        dish_ids: Vec::new(),
        price_per_guest_minor: None,
    });
    let price_text = RwSignal::new(String::new());
    let local = Memo::new(move |_| form.with(|f| f.validate().err().unwrap_or_default()));
    let errors = FormErrors::new(local);
    let save = ServerAction::<SaveMenu>::new();
    let delete = ServerAction::<DeleteMenu>::new();
    on_result(
        move || save.value().get(),
        errors,
        move |menu| kitchen.saved("menu", &format!("Menu “{}” saved.", menu.name)),
    );
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            kitchen.saved("menu-list", "Menu deleted.");
        }
    });
    let edit = move |change: &dyn Fn(&mut MenuForm)| {
        errors.edited();
        form.update(|f| change(f));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if errors.ready_to_send() {
            save.dispatch(SaveMenu {
                form: form.get_untracked(),
            });
        }
    };
    let names = StoredValue::new(
        dishes
            .iter()
            .map(|d| (d.id, d.name.clone()))
            .collect::<Vec<_>>(),
    );

    view! {
        <section class="kitchen-card" id="menus">
            <h2>"Menus"</h2>
            <Saved place="menu-list" />
            <ul class="kitchen-list">
                {menus.into_iter().map(|menu| {
                    let id = menu.id;
                    let courses: Vec<String> = menu.dishes.iter().map(|d| d.name.clone()).collect();
                    let price = menu.price_per_guest.map(|p: Money| format!(" · {p} per guest")).unwrap_or_default();
                    view! {
                        <li data-testid="kitchen-menu">
                            <span><strong>{menu.name}</strong>{price}<br/><span class="muted">{courses.join(" → ")}</span></span>
                            <button type="button" class="link-button danger" on:click=move |_| { delete.dispatch(DeleteMenu { menu_id: id }); }>"Delete"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {if dishes.is_empty() {
                view! { <p class="muted">"Add dishes first; a menu is made of them."</p> }.into_any()
            } else {
                view! {
                    <form on:submit=submit novalidate data-testid="menu-form">
                        <h3>"Compose a menu"</h3>
                        <div class="field-row">
                            <div class="field">
                                <label for="menu-name">"Name"</label>
                                <input id="menu-name" name="menu-name" prop:value=move || form.with(|f| f.name.clone())
                                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|f| f.name = v.clone()); }
                                    on:blur=move |_| errors.touch("name") />
                                <FieldMessage errors field="name".into() />
                            </div>
                            <div class="field">
                                <label for="menu-price">"Menu price per guest (optional)"</label>
                                <input id="menu-price" name="menu-price" inputmode="decimal" prop:value=move || price_text.get()
                                    on:input=move |ev| {
                                        let text = event_target_value(&ev);
                                        let minor = if text.trim().is_empty() { None } else { Some(minor_units_typed(&text).unwrap_or(0)) };
                                        price_text.set(text);
                                        edit(&|f| f.price_per_guest_minor = minor);
                                    }
                                    on:blur=move |_| errors.touch("price_per_guest_minor") />
                                <FieldMessage errors field="price_per_guest_minor".into() />
                            </div>
                        </div>
                        <fieldset class="field">
                            <legend>"Dishes, in the order you serve them"</legend>
                            <div class="checks">
                                {names.get_value().into_iter().map(|(id, name)| view! {
                                    <label class="check">
                                        <input type="checkbox" name="menu-dish" value=id.to_string()
                                            prop:checked=move || form.with(|f| f.dish_ids.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                edit(&|f| { f.dish_ids.retain(|d| *d != id); if on { f.dish_ids.push(id); } });
                                                errors.touch("dish_ids");
                                            } />
                                        {name}
                                        {move || form.with(|f| f.dish_ids.iter().position(|d| *d == id)).map(|at| view! { <span class="order">{format!("#{}", at + 1)}</span> })}
                                    </label>
                                }).collect_view()}
                            </div>
                            <FieldMessage errors field="dish_ids".into() />
                        </fieldset>
                        <p class="form-error" role="alert">{move || errors.general()}</p>
                        <div class="form-actions">
                            <button type="submit" class="button" data-testid="save-menu" disabled=move || save.pending().get()>"Save menu"</button>
                            <Saved place="menu" />
                        </div>
                    </form>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}
