pub mod bell;
pub mod chef_card;
pub mod form;
pub mod header;
pub mod service_map;
