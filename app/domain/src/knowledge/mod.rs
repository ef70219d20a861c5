//! The knowledge section's rules: what questions, answers and comments may say, how votes
//! turn into reputation, and what reputation allows.

pub mod lists;
pub mod privileges;
pub mod questions;
pub mod reputation;
pub mod revisions;
pub mod views;

pub use privileges::Privilege;
