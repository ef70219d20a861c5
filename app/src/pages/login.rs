use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{
    form::{next_page, with_next, Field},
    header::use_session,
};

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = use_session().log_in;
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let next = next_page();
    let error = move || {
        action.value().with(|v| match v {
            Some(Err(error)) => Some(error.error.message.clone()),
            _ => None,
        })
    };
    view! {
        <Title text="Log in" />
        <section class="auth-card">
            <h1>"Welcome back"</h1>
            <ActionForm action>
                <Field label="Email" name="email" kind="email" autocomplete="email"
                    value=email touched />
                <Field label="Password" name="password" kind="password" autocomplete="current-password"
                    value=password touched />
                <input type="hidden" name="next" value=move || next.get() />
                <p class="form-error" role="alert" data-testid="login-error">{error}</p>
                <button type="submit" class="button button-wide" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
            </ActionForm>
            <p class="switch">"New to Chef Galaxy? "<a href=move || with_next("/signup", &next.get())>"Create an account"</a></p>
        </section>
    }
}
