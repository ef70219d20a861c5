use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "photos")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub chef_id: i64,
    pub kind: String,
    /// Names the stored files: `{storage_key}.jpg` and `{storage_key}-thumb.jpg`.
    #[sea_orm(unique)]
    pub storage_key: String,
    pub width: i32,
    pub height: i32,
    pub byte_size: i64,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
