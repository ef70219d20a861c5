pub mod bell;
pub mod booking_request;
pub mod chef_card;
pub mod form;
pub mod header;
pub mod quote_builder;
pub mod search_map;
pub mod service_map;
