use sea_orm::entity::prelude::*;

use super::{Certifications, EducationEntries, LanguageSkills, StringList};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "chef_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub headline: String,
    pub bio: String,
    pub years_experience: i32,
    #[sea_orm(column_type = "JsonBinary")]
    pub education_entries: EducationEntries,
    #[sea_orm(column_type = "JsonBinary")]
    pub certifications: Certifications,
    #[sea_orm(column_type = "JsonBinary")]
    pub languages: LanguageSkills,
    #[sea_orm(column_type = "JsonBinary")]
    pub cuisines: StringList,
    pub city: String,
    pub latitude: f64,
    pub longitude: f64,
    pub service_radius_km: i32,
    pub base_rate_minor: i64,
    pub currency: String,
    pub min_guests: i32,
    pub max_guests: i32,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
