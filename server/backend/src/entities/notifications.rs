use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipient_id: i64,
    pub kind: String,
    /// JSON: the notification's title, body and link.
    pub payload: String,
    pub created_at: ChronoDateTimeUtc,
    pub read_at: Option<ChronoDateTimeUtc>,
    /// Notifications of one group ("likes on post 7") fold into the newest while unread.
    pub group_key: Option<String>,
    /// JSON list of the people a grouped notification counts.
    pub actor_ids: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
