use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "moderation_decisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub target_kind: String,
    pub target_id: i64,
    pub subject_id: i64,
    pub moderator_id: i64,
    pub action: String,
    pub reason: String,
    pub created_at: ChronoDateTimeUtc,
    pub appeal_text: Option<String>,
    pub appealed_at: Option<ChronoDateTimeUtc>,
    pub appeal_status: Option<String>,
    pub appeal_response: Option<String>,
    pub appeal_decided_at: Option<ChronoDateTimeUtc>,
    pub appeal_decided_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
