pub mod account;
pub mod admin;
pub mod admin_disputes;
pub mod admin_people;
pub mod bookings;
pub mod chef;
pub mod chefs;
pub mod dispute;
pub mod earnings;
pub mod home;
pub mod kitchen;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod policies;
pub mod rank;
pub mod requests;
pub mod search;
pub mod signup;

use crate::error::ServerError;
use leptos::prelude::*;

/// Sets the HTTP status of the response being rendered on the server (a missing chef is a
/// real 404 to crawlers); does nothing in the browser.
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

#[component]
pub fn ErrorNotice(error: ServerError) -> impl IntoView {
    view! { <div class="notice notice-error" role="alert">{error.error.message}</div> }
}
