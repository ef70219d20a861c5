use sea_orm::entity::prelude::*;

use super::StoredRank;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "chef_ranks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub chef_id: i64,
    pub score: f64,
    pub tier: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub breakdown: StoredRank,
    pub computed_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
