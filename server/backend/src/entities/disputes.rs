use sea_orm::entity::prelude::*;

use super::{StoredAnswer, StoredRuling};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "disputes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub booking_id: i64,
    pub category: String,
    pub opened_by: String,
    pub description: String,
    pub claimed_refund_bp: i32,
    pub dishes_missing: Option<i32>,
    pub guests_counted: Option<i32>,
    pub status: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub answer: StoredAnswer,
    pub answer_due_at: Option<ChronoDateTimeUtc>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub ruling: Option<StoredRuling>,
    pub refunded_minor: i64,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub recommended: Option<StoredRuling>,
    pub appeal_closes_at: Option<ChronoDateTimeUtc>,
    pub appealed: bool,
    pub opened_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
