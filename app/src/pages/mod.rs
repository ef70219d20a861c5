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

pub use crate::error::set_status;
use crate::error::ServerError;
use leptos::prelude::*;

#[component]
pub fn ErrorNotice(error: ServerError) -> impl IntoView {
    view! { <div class="notice notice-error" role="alert">{error.error.message}</div> }
}
