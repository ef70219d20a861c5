pub mod chef_card;
pub mod form;
pub mod header;
