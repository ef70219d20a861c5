use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub author_id: i64,
    pub directed_to_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub score: i32,
    pub answer_count: i32,
    pub accepted_answer_id: Option<i64>,
    pub closed_at: Option<ChronoDateTimeUtc>,
    pub close_reason: Option<String>,
    pub duplicate_of_id: Option<i64>,
    pub created_at: ChronoDateTimeUtc,
    pub edited_at: Option<ChronoDateTimeUtc>,
    pub last_activity_at: ChronoDateTimeUtc,
    pub deleted_at: Option<ChronoDateTimeUtc>,
    pub hidden_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
