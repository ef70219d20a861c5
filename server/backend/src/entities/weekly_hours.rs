use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "weekly_hours")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub chef_id: i64,
    /// ISO weekday, 1 (Monday) to 7.
    pub weekday: i16,
    pub starts_minute: i16,
    pub ends_minute: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
