//! Chef Galaxy's rules and shared types. Pure: no I/O, no clock, no randomness, so the browser
//! (WASM) and the server run the very same code, and every rule is unit-tested here.

pub mod account;
pub mod availability;
pub mod booking;
pub mod catalog;
pub mod chef_profile;
pub mod error;
pub mod events;
pub mod geo;
pub mod ledger;
pub mod menus;
pub mod money;
pub mod notifications;
pub mod operations;
pub mod paging;
pub mod photos;
pub mod places;
pub mod pricing;
pub mod reviews;
pub mod search;

pub use error::{AppError, ErrorCode, FieldError};
