use sea_orm::entity::prelude::*;

use super::StringList;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dishes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub chef_id: i64,
    pub name: String,
    pub description: String,
    pub course: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub ingredients: StringList,
    pub organic: bool,
    #[sea_orm(column_type = "JsonBinary")]
    pub dietary: StringList,
    #[sea_orm(column_type = "JsonBinary")]
    pub allergens: StringList,
    pub price_per_guest_minor: i64,
    pub currency: String,
    pub min_guests: i32,
    pub prep_minutes: i32,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::chef_profiles::Entity",
        from = "Column::ChefId",
        to = "super::chef_profiles::Column::UserId",
        on_delete = "Cascade"
    )]
    Chef,
}

impl Related<super::chef_profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Chef.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
