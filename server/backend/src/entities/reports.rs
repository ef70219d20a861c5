use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reporter_id: i64,
    pub target_kind: String,
    pub target_id: i64,
    pub subject_id: i64,
    pub reason: String,
    pub details: String,
    pub created_at: ChronoDateTimeUtc,
    /// The decision that closed it; open while empty.
    pub decision_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
