//! The profile editor: every field of [`ChefProfileForm`], checked as the chef types.

use domain::{
    chef_profile::{
        Certification, ChefProfileForm, EducationEntry, EducationLevel, LanguageSkill, Proficiency,
        CUISINES,
    },
    money::minor_units_typed,
    places::{city_named, CITIES},
};
use leptos::prelude::*;

use super::{major_units, on_result, use_kitchen, FieldMessage, FormErrors, Saved};
use crate::{
    api::workspace::SaveChefProfile,
    components::{service_map::ServiceAreaMap, street_map::MapView},
    pages::chef::{education_label, proficiency_label},
};

const LEVELS: [EducationLevel; 5] = [
    EducationLevel::None,
    EducationLevel::Certificate,
    EducationLevel::Diploma,
    EducationLevel::Degree,
    EducationLevel::Master,
];

const PROFICIENCIES: [Proficiency; 7] = [
    Proficiency::Native,
    Proficiency::C2,
    Proficiency::C1,
    Proficiency::B2,
    Proficiency::B1,
    Proficiency::A2,
    Proficiency::A1,
];

fn level_code(level: EducationLevel) -> &'static str {
    match level {
        EducationLevel::None => "none",
        EducationLevel::Certificate => "certificate",
        EducationLevel::Diploma => "diploma",
        EducationLevel::Degree => "degree",
        EducationLevel::Master => "master",
    }
}

fn proficiency_code(level: Proficiency) -> &'static str {
    match level {
        Proficiency::A1 => "A1",
        Proficiency::A2 => "A2",
        Proficiency::B1 => "B1",
        Proficiency::B2 => "B2",
        Proficiency::C1 => "C1",
        Proficiency::C2 => "C2",
        Proficiency::Native => "native",
    }
}

/// A whole number typed into a field; anything else becomes -1, which every rule refuses.
fn number(raw: &str) -> i64 {
    raw.trim().parse().unwrap_or(-1)
}

#[component]
pub fn ProfileEditor(form: ChefProfileForm) -> impl IntoView {
    let kitchen = use_kitchen();
    let form = RwSignal::new(form);
    let rate_text = RwSignal::new(major_units(form.with_untracked(|f| f.base_rate_minor)));
    let local = Memo::new(move |_| {
        form.with(|f| f.validate(crate::clock::today()).err().unwrap_or_default())
    });
    let errors = FormErrors::new(local);
    let save = ServerAction::<SaveChefProfile>::new();
    on_result(
        move || save.value().get(),
        errors,
        move |_| kitchen.saved("profile", "Profile saved."),
    );

    let edit = move |change: &dyn Fn(&mut ChefProfileForm)| {
        errors.edited();
        form.update(|f| change(f));
    };
    let text_input = move |field: &'static str,
                           get: fn(&ChefProfileForm) -> String,
                           set: fn(&mut ChefProfileForm, String)| {
        view! {
            <input
                id=format!("profile-{field}")
                name=field
                prop:value=move || form.with(get)
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    edit(&|f| set(f, value.clone()));
                }
                on:blur=move |_| errors.touch(field)
                aria-invalid=move || errors.message(field).is_some().to_string()
            />
        }
    };
    let number_input = move |field: &'static str,
                             get: fn(&ChefProfileForm) -> i64,
                             set: fn(&mut ChefProfileForm, i64)| {
        view! {
            <input
                id=format!("profile-{field}")
                name=field
                type="number"
                inputmode="numeric"
                prop:value=move || form.with(get).to_string()
                on:input=move |ev| {
                    let value = number(&event_target_value(&ev));
                    edit(&|f| set(f, value));
                }
                on:blur=move |_| errors.touch(field)
            />
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if errors.ready_to_send() {
            save.dispatch(SaveChefProfile {
                form: form.get_untracked(),
            });
        }
    };

    view! {
        <form class="kitchen-card" id="profile" on:submit=submit novalidate>
            <h2>"Profile"</h2>
            <div class="field">
                <label for="profile-headline">"Headline"</label>
                {text_input("headline", |f| f.headline.clone(), |f, v| f.headline = v)}
                <p class="hint">"One line guests see first, e.g. “Seasonal Portuguese cooking for weddings”."</p>
                <FieldMessage errors field="headline".into() />
            </div>
            <div class="field">
                <label for="profile-bio">"About you"</label>
                <textarea
                    id="profile-bio"
                    name="bio"
                    rows="5"
                    prop:value=move || form.with(|f| f.bio.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        edit(&|f| f.bio = value.clone());
                    }
                    on:blur=move |_| errors.touch("bio")
                ></textarea>
                <FieldMessage errors field="bio".into() />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="profile-years_experience">"Years of experience"</label>
                    {number_input("years_experience", |f| f.years_experience, |f, v| f.years_experience = v)}
                    <FieldMessage errors field="years_experience".into() />
                </div>
                <div class="field">
                    <label for="profile-base_rate">{move || format!("Hourly rate ({})", city_named(&form.with(|f| f.city.clone())).map(|c| c.currency.code()).unwrap_or("EUR"))}</label>
                    <input
                        id="profile-base_rate"
                        name="base_rate"
                        inputmode="decimal"
                        prop:value=move || rate_text.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            let minor = minor_units_typed(&text).unwrap_or(0);
                            rate_text.set(text);
                            edit(&|f| f.base_rate_minor = minor);
                        }
                        on:blur=move |_| errors.touch("base_rate_minor")
                    />
                    <FieldMessage errors field="base_rate_minor".into() />
                </div>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="profile-min_guests">"Fewest guests"</label>
                    {number_input("min_guests", |f| f.min_guests, |f, v| f.min_guests = v)}
                    <FieldMessage errors field="min_guests".into() />
                </div>
                <div class="field">
                    <label for="profile-max_guests">"Most guests"</label>
                    {number_input("max_guests", |f| f.max_guests, |f, v| f.max_guests = v)}
                    <FieldMessage errors field="max_guests".into() />
                </div>
            </div>

            <fieldset class="field">
                <legend>"Cuisines (up to 6)"</legend>
                <div class="checks">
                    {CUISINES.iter().map(|cuisine| {
                        let name = (*cuisine).to_owned();
                        let checked_name = name.clone();
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    name="cuisines"
                                    value=name.clone()
                                    prop:checked=move || form.with(|f| f.cuisines.contains(&checked_name))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let name = name.clone();
                                        edit(&|f| {
                                            f.cuisines.retain(|c| *c != name);
                                            if on {
                                                f.cuisines.push(name.clone());
                                            }
                                        });
                                        errors.touch("cuisines");
                                    }
                                />
                                {*cuisine}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <FieldMessage errors field="cuisines".into() />
            </fieldset>

            <Languages form errors edit />
            <Education form errors edit />
            <Certifications form errors edit />

            <fieldset class="field">
                <legend>"Where you cook"</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="profile-city">"Home city"</label>
                        <select
                            id="profile-city"
                            name="city"
                            on:change=move |ev| {
                                let name = event_target_value(&ev);
                                if let Some(city) = city_named(&name) {
                                    edit(&|f| {
                                        f.city = city.name.to_owned();
                                        f.lat = city.lat;
                                        f.lng = city.lng;
                                    });
                                }
                            }
                        >
                            {CITIES.iter().map(|city| view! {
                                <option value=city.name selected=move || form.with(|f| f.city == city.name)>
                                    {format!("{}, {}", city.name, city.country)}
                                </option>
                            }).collect_view()}
                        </select>
                        <FieldMessage errors field="city".into() />
                    </div>
                    <div class="field">
                        <label for="profile-service_radius_km">"Travel radius (km)"</label>
                        {number_input("service_radius_km", |f| f.service_radius_km, |f, v| f.service_radius_km = v)}
                        <FieldMessage errors field="service_radius_km".into() />
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="profile-lat">"Latitude"</label>
                        <input id="profile-lat" name="lat" type="number" step="0.0001"
                            prop:value=move || format!("{:.4}", form.with(|f| f.lat))
                            on:change=move |ev| {
                                let value = event_target_value(&ev).trim().parse().unwrap_or(f64::NAN);
                                edit(&|f| f.lat = value);
                                errors.touch("lat");
                            } />
                        <FieldMessage errors field="lat".into() />
                    </div>
                    <div class="field">
                        <label for="profile-lng">"Longitude"</label>
                        <input id="profile-lng" name="lng" type="number" step="0.0001"
                            prop:value=move || format!("{:.4}", form.with(|f| f.lng))
                            on:change=move |ev| {
                                let value = event_target_value(&ev).trim().parse().unwrap_or(f64::NAN);
                                edit(&|f| f.lng = value);
                                errors.touch("lng");
                            } />
                        <FieldMessage errors field="lng".into() />
                    </div>
                </div>
                <p class="hint">"Choosing a city puts the pin in its centre; drag it on the map (or type its coordinates) to where you start from. No street address is shown."</p>
                {
                    // The home pin follows the fields, and dragging it writes them.
                    let start = form.get_untracked();
                    let radius_of = |f: &ChefProfileForm| i32::try_from(f.service_radius_km).unwrap_or(1).clamp(1, 500);
                    let live = Signal::derive(move || form.with(|f| MapView {
                        lat: if f.lat.is_finite() { f.lat } else { 0.0 },
                        lng: if f.lng.is_finite() { f.lng } else { 0.0 },
                        radius_km: f64::from(radius_of(f)),
                        centre_label: "Your home pin: drag it to where you start from".to_owned(),
                        pins: Vec::new(),
                        draggable: true,
                    }));
                    let dropped = Callback::new(move |(lat, lng): (f64, f64)| {
                        let round = |degrees: f64| (degrees * 10_000.0).round() / 10_000.0;
                        edit(&|f| {
                            f.lat = round(lat);
                            f.lng = round(lng);
                        });
                        errors.touch("lat");
                        errors.touch("lng");
                    });
                    view! {
                        <ServiceAreaMap lat=if start.lat.is_finite() { start.lat } else { 0.0 }
                            lng=if start.lng.is_finite() { start.lng } else { 0.0 }
                            radius_km=radius_of(&start) place=start.city.clone() live on_move=dropped />
                    }
                }
            </fieldset>

            <p class="form-error" role="alert">{move || errors.general()}</p>
            <div class="form-actions">
                <button type="submit" class="button" data-testid="save-profile" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Saving…" } else { "Save profile" }}
                </button>
                <Saved place="profile" />
            </div>
        </form>
    }
    .into_any()
}

#[component]
fn Languages(
    form: RwSignal<ChefProfileForm>,
    errors: FormErrors,
    edit: impl Fn(&dyn Fn(&mut ChefProfileForm)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>"Languages you speak with guests"</legend>
            {move || (0..form.with(|f| f.languages.len())).map(|i| {
                let field = format!("languages[{i}].language");
                view! {
                    <div class="row-entry" data-testid="language-row">
                        <input
                            aria-label="Language"
                            name=format!("language-{i}")
                            prop:value=move || form.with(|f| f.languages.get(i).map(|l| l.language.clone()).unwrap_or_default())
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                edit(&|f| if let Some(l) = f.languages.get_mut(i) { l.language = value.clone() });
                            }
                            on:blur={ let field = field.clone(); move |_| errors.touch(&field) }
                        />
                        <select
                            aria-label="Level"
                            name=format!("proficiency-{i}")
                            on:change=move |ev| {
                                let code = event_target_value(&ev);
                                if let Some(level) = PROFICIENCIES.iter().copied().find(|p| proficiency_code(*p) == code) {
                                    edit(&|f| if let Some(l) = f.languages.get_mut(i) { l.proficiency = level });
                                }
                            }
                        >
                            {PROFICIENCIES.iter().map(|level| view! {
                                <option value=proficiency_code(*level)
                                    selected=move || form.with(|f| f.languages.get(i).map(|l| l.proficiency) == Some(*level))>
                                    {proficiency_label(*level)}
                                </option>
                            }).collect_view()}
                        </select>
                        <button type="button" class="link-button" on:click=move |_| edit(&|f| { if i < f.languages.len() { f.languages.remove(i); } })>"Remove"</button>
                        <FieldMessage errors field=field.clone() />
                    </div>
                }
            }).collect_view()}
            <FieldMessage errors field="languages".into() />
            <button type="button" class="button button-secondary button-small-dark" data-testid="add-language"
                on:click=move |_| edit(&|f| f.languages.push(LanguageSkill { language: String::new(), proficiency: Proficiency::B2 }))>
                "Add a language"
            </button>
        </fieldset>
    }
}

#[component]
fn Education(
    form: RwSignal<ChefProfileForm>,
    errors: FormErrors,
    edit: impl Fn(&dyn Fn(&mut ChefProfileForm)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>"Training"</legend>
            {move || (0..form.with(|f| f.education.len())).map(|i| {
                let institution_field = format!("education[{i}].institution");
                let year_field = format!("education[{i}].year");
                view! {
                    <div class="row-entry" data-testid="education-row">
                        <select aria-label="Level" name=format!("education-level-{i}")
                            on:change=move |ev| {
                                let code = event_target_value(&ev);
                                if let Some(level) = LEVELS.iter().copied().find(|l| level_code(*l) == code) {
                                    edit(&|f| if let Some(e) = f.education.get_mut(i) { e.level = level });
                                }
                            }>
                            {LEVELS.iter().map(|level| view! {
                                <option value=level_code(*level)
                                    selected=move || form.with(|f| f.education.get(i).map(|e| e.level) == Some(*level))>
                                    {education_label(*level)}
                                </option>
                            }).collect_view()}
                        </select>
                        <input aria-label="School or kitchen" placeholder="School or kitchen" name=format!("education-institution-{i}")
                            prop:value=move || form.with(|f| f.education.get(i).map(|e| e.institution.clone()).unwrap_or_default())
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                edit(&|f| if let Some(e) = f.education.get_mut(i) { e.institution = value.clone() });
                            }
                            on:blur={ let field = institution_field.clone(); move |_| errors.touch(&field) } />
                        <input aria-label="Year" placeholder="Year" type="number" class="short" name=format!("education-year-{i}")
                            prop:value=move || form.with(|f| f.education.get(i).map(|e| e.year.to_string()).unwrap_or_default())
                            on:input=move |ev| {
                                let year = event_target_value(&ev).trim().parse().unwrap_or(0);
                                edit(&|f| if let Some(e) = f.education.get_mut(i) { e.year = year });
                            }
                            on:blur={ let field = year_field.clone(); move |_| errors.touch(&field) } />
                        <button type="button" class="link-button" on:click=move |_| edit(&|f| { if i < f.education.len() { f.education.remove(i); } })>"Remove"</button>
                        <FieldMessage errors field=institution_field.clone() />
                        <FieldMessage errors field=year_field.clone() />
                    </div>
                }
            }).collect_view()}
            <FieldMessage errors field="education".into() />
            <button type="button" class="button button-secondary" data-testid="add-education"
                on:click=move |_| edit(&|f| f.education.push(EducationEntry { level: EducationLevel::Diploma, institution: String::new(), year: 0 }))>
                "Add training"
            </button>
        </fieldset>
    }
}

#[component]
fn Certifications(
    form: RwSignal<ChefProfileForm>,
    errors: FormErrors,
    edit: impl Fn(&dyn Fn(&mut ChefProfileForm)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>"Certificates (food hygiene, allergen training…)"</legend>
            {move || (0..form.with(|f| f.certifications.len())).map(|i| {
                let name_field = format!("certifications[{i}].name");
                let expiry_field = format!("certifications[{i}].expires_on");
                view! {
                    <div class="row-entry" data-testid="certification-row">
                        <input aria-label="Certificate" placeholder="Certificate" name=format!("certificate-name-{i}")
                            prop:value=move || form.with(|f| f.certifications.get(i).map(|c| c.name.clone()).unwrap_or_default())
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                edit(&|f| if let Some(c) = f.certifications.get_mut(i) { c.name = value.clone() });
                            }
                            on:blur={ let field = name_field.clone(); move |_| errors.touch(&field) } />
                        <input aria-label="Issued by" placeholder="Issued by" name=format!("certificate-issuer-{i}")
                            prop:value=move || form.with(|f| f.certifications.get(i).map(|c| c.issuer.clone()).unwrap_or_default())
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                edit(&|f| if let Some(c) = f.certifications.get_mut(i) { c.issuer = value.clone() });
                            } />
                        <input aria-label="Expires on" type="date" name=format!("certificate-expiry-{i}")
                            prop:value=move || form.with(|f| f.certifications.get(i).and_then(|c| c.expires_on).map(|d| d.to_string()).unwrap_or_default())
                            on:change=move |ev| {
                                let expiry = event_target_value(&ev).parse().ok();
                                edit(&|f| if let Some(c) = f.certifications.get_mut(i) { c.expires_on = expiry });
                                errors.touch(&format!("certifications[{i}].expires_on"));
                            } />
                        <button type="button" class="link-button" on:click=move |_| edit(&|f| { if i < f.certifications.len() { f.certifications.remove(i); } })>"Remove"</button>
                        <FieldMessage errors field=name_field.clone() />
                        <FieldMessage errors field=expiry_field.clone() />
                    </div>
                }
            }).collect_view()}
            <FieldMessage errors field="certifications".into() />
            <button type="button" class="button button-secondary" data-testid="add-certification"
                on:click=move |_| edit(&|f| f.certifications.push(Certification { name: String::new(), issuer: String::new(), expires_on: None }))>
                "Add a certificate"
            </button>
        </fieldset>
    }
}
