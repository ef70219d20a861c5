use sea_orm::entity::prelude::*;

use super::StringList;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "event_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub customer_id: i64,
    pub kind: String,
    pub starts_at: ChronoDateTimeUtc,
    pub ends_at: ChronoDateTimeUtc,
    pub guests: i32,
    pub city: String,
    pub latitude: f64,
    pub longitude: f64,
    pub budget_minor: Option<i64>,
    #[sea_orm(column_type = "JsonBinary")]
    pub dietary_needs: StringList,
    #[sea_orm(column_type = "JsonBinary")]
    pub allergens: StringList,
    pub notes: String,
    pub posted: bool,
    pub created_at: ChronoDateTimeUtc,
    pub withdrawn_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
