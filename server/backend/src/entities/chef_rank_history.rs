use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "chef_rank_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub chef_id: i64,
    pub score: f64,
    pub tier: String,
    pub cause: String,
    pub computed_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
