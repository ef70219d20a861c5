use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refund_sends")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub ledger_transaction_id: i64,
    pub booking_id: i64,
    pub charge_id: String,
    pub amount_minor: i64,
    pub currency: String,
    pub refund_id: Option<String>,
    pub created_at: ChronoDateTimeUtc,
    pub sent_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
