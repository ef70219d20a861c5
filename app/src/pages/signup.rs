//! Sign-up checks each field in the browser as the person types, with the same domain rules
//! the server applies again when the form arrives.

use domain::account::{DisplayName, Email, NewPassword};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{
    form::{next_page, with_next, Field},
    header::use_session,
};

#[component]
pub fn SignupPage() -> impl IntoView {
    let action = use_session().sign_up;
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let next = next_page();
    let touched = [
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    ];

    // The server's verdict wins; before it arrives, the browser's check of a touched field.
    let server_error = move |field: &'static str| {
        action.value().with(|v| match v {
            Some(Err(error)) => error.field(field),
            _ => None,
        })
    };
    let email_error = Signal::derive(move || {
        server_error("email").or_else(|| {
            touched[0]
                .get()
                .then(|| Email::parse(&email.get()).err().map(|e| e.message))
                .flatten()
        })
    });
    let password_error = Signal::derive(move || {
        server_error("password").or_else(|| {
            touched[1]
                .get()
                .then(|| {
                    NewPassword::parse(&password.get(), Some(&email.get()))
                        .err()
                        .map(|e| e.message)
                })
                .flatten()
        })
    });
    let name_error = Signal::derive(move || {
        server_error("display_name").or_else(|| {
            touched[2]
                .get()
                .then(|| {
                    DisplayName::parse(&display_name.get())
                        .err()
                        .map(|e| e.message)
                })
                .flatten()
        })
    });
    let general_error = move || {
        action.value().with(|v| match v {
            Some(Err(error)) if error.error.field.is_none() && error.fields.is_empty() => {
                Some(error.error.message.clone())
            }
            _ => None,
        })
    };

    view! {
        <Title text="Sign up" />
        <section class="auth-card">
            <h1>"Create your account"</h1>
            <ActionForm action>
                <Field label="Email" name="email" kind="email" autocomplete="email"
                    value=email touched=touched[0] error=email_error />
                <Field label="Password" name="password" kind="password" autocomplete="new-password"
                    hint="At least 10 characters, mixing letters with digits or symbols."
                    value=password touched=touched[1] error=password_error />
                <Field label="Your name" name="display_name" autocomplete="name"
                    value=display_name touched=touched[2] error=name_error />
                <label class="check">
                    <input type="checkbox" name="as_chef" value="true" data-testid="as-chef" />
                    "I'm a chef: I want to cook for guests"
                </label>
                <input type="hidden" name="next" value=move || next.get() />
                <p class="form-error" role="alert">{general_error}</p>
                <button type="submit" class="button button-wide" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating account…" } else { "Sign up" }}
                </button>
            </ActionForm>
            <p class="switch">"Already have an account? "<a href=move || with_next("/login", &next.get())>"Log in"</a></p>
        </section>
    }
}
