use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub password_hash: String,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    pub suspended_at: Option<ChronoDateTimeUtc>,
    pub suspension_reason: Option<String>,
    /// Unique, lower case: `@handle` and `/u/{handle}`.
    #[sea_orm(unique)]
    pub handle: Option<String>,
    pub bio: String,
}

// Relations point from the tables that hold the foreign key (a chef profile belongs to a
// user), so entity modules never import each other both ways.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
