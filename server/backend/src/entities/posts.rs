use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub author_id: i64,
    pub text: String,
    pub body_html: String,
    pub dish_id: Option<i64>,
    pub booking_id: Option<i64>,
    pub like_count: i32,
    pub comment_count: i32,
    pub created_at: ChronoDateTimeUtc,
    pub edited_at: Option<ChronoDateTimeUtc>,
    pub deleted_at: Option<ChronoDateTimeUtc>,
    pub hidden_at: Option<ChronoDateTimeUtc>,
    pub hidden_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
