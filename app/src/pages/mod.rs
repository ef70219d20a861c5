pub mod account;
pub mod admin;
pub mod admin_disputes;
pub mod admin_moderation;
pub mod admin_people;
pub mod bookings;
pub mod chef;
pub mod chefs;
pub mod dispute;
pub mod earnings;
pub mod feed;
pub mod feed_formula;
pub mod home;
pub mod kitchen;
pub mod knowledge;
pub mod login;
pub mod moderation;
pub mod not_found;
pub mod notifications;
pub mod person;
pub mod policies;
pub mod post;
pub mod rank;
pub mod requests;
pub mod search;
pub mod search_social;
pub mod signup;
pub mod tag;

pub use crate::error::set_status;
use crate::error::ServerError;
use leptos::prelude::*;

#[component]
pub fn ErrorNotice(error: ServerError) -> impl IntoView {
    view! { <div class="notice notice-error" role="alert">{error.error.message}</div> }
}
