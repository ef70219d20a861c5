use sea_orm::entity::prelude::*;

use super::{IdList, StoredQuote};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "bookings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    pub customer_id: i64,
    pub chef_id: i64,
    pub state: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub dish_ids: IdList,
    pub special_diet_guests: i32,
    #[sea_orm(column_type = "JsonBinary")]
    pub quote: StoredQuote,
    pub total_minor: i64,
    pub fee_minor: i64,
    pub currency: String,
    pub message: String,
    pub starts_at: ChronoDateTimeUtc,
    pub ends_at: ChronoDateTimeUtc,
    pub state_entered_at: ChronoDateTimeUtc,
    pub calendar_block_id: Option<i64>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    pub chef_checked_in_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
