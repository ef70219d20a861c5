//! Form pieces shared by the account pages.

use leptos::prelude::*;

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
