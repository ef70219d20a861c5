use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "charge_reservations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub booking_id: i64,
    pub user_id: i64,
    pub request_key: String,
    #[sea_orm(unique)]
    pub provider_key: String,
    pub amount_minor: i64,
    pub currency: String,
    pub card: String,
    pub state: String,
    pub charge_id: Option<String>,
    pub created_at: ChronoDateTimeUtc,
    pub settled_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
