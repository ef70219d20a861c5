use sea_orm::entity::prelude::*;

/// One dish in a menu, at its place in the serving order.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "menu_dishes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub menu_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub dish_id: i64,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
