//! Form pieces shared by the pages: labelled fields and checkbox chips.

use leptos::prelude::*;
use std::collections::BTreeSet;

/// A labelled input with its error underneath. `error` yields the message to show, if any.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
    value: RwSignal<String>,
    touched: RwSignal<bool>,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
                bind:value=value
                on:blur=move |_| touched.set(true)
            />
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
            <p class="field-error" id=error_id data-testid=format!("error-{name}")>
                {move || error.get()}
            </p>
        </div>
    }
}

/// Checkboxes for a set of choices, e.g. diets or allergens.
pub fn chips<T: Copy + Ord + Send + Sync + 'static>(
    all: &'static [T],
    label: fn(T) -> &'static str,
    chosen: RwSignal<BTreeSet<T>>,
    testid: &'static str,
) -> impl IntoView {
    all.iter()
        .copied()
        .map(|item| {
            view! {
                <label class="chip">
                    <input type="checkbox" data-testid=testid
                        prop:checked=move || chosen.with(|set| set.contains(&item))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|set| { if on { set.insert(item); } else { set.remove(&item); } });
                        } />
                    {label(item)}
                </label>
            }
        })
        .collect_view()
}

/// The page to return to after logging in or signing up (`?next=` of the current page), kept
/// through the switch between the two forms.
pub fn next_page() -> Signal<String> {
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || query.with(|q| q.get("next").unwrap_or_default()))
}

/// `path`, carrying `next` along when there is one.
pub fn with_next(path: &str, next: &str) -> String {
    if next.is_empty() {
        path.to_owned()
    } else {
        let encoded: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        format!("{path}?next={encoded}")
    }
}

/// A server's refusal of a form, shown where it belongs: each named field's message under
/// that field, and a refusal that names none of the form's fields (a privilege not earned, a
/// thing gone) once, above the button.
#[derive(Clone, Copy)]
pub struct Refusal {
    error: Signal<Option<crate::error::ServerError>>,
    fields: &'static [&'static str],
}

impl Refusal {
    /// `error`: the last refusal, if the last try was refused.
    pub fn new(
        error: Signal<Option<crate::error::ServerError>>,
        fields: &'static [&'static str],
    ) -> Self {
        Self { error, fields }
    }

    /// The message under `field`.
    pub fn under(self, field: &'static str) -> impl Fn() -> Option<AnyView> + Copy {
        move || {
            let message = self.error.get()?.field(field)?;
            Some(view! { <p class="field-error" role="alert">{message}</p> }.into_any())
        }
    }

    /// The refusal that is about none of the form's fields.
    pub fn elsewhere(self) -> impl Fn() -> Option<AnyView> + Copy {
        move || {
            let error = self.error.get()?;
            if self.fields.iter().any(|field| error.field(field).is_some()) {
                return None;
            }
            Some(view! { <p class="field-error" role="alert">{error.error.message}</p> }.into_any())
        }
    }
}
