pub mod bell;
pub mod chef_card;
pub mod form;
pub mod header;
pub mod search_map;
pub mod service_map;
