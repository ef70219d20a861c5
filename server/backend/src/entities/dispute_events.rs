use sea_orm::entity::prelude::*;

use super::{IdList, StoredRuling, StringList};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "dispute_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dispute_id: i64,
    pub kind: String,
    pub by_party: String,
    pub actor_id: Option<i64>,
    pub body: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub message_ids: IdList,
    #[sea_orm(column_type = "JsonBinary")]
    pub photo_keys: StringList,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub ruling: Option<StoredRuling>,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
