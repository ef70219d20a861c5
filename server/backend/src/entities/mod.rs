//! Table mappings. Each mirrors a migration in the `migrations` crate.

pub mod calendar_blocks;
pub mod chef_profiles;
pub mod dishes;
pub mod emails;
pub mod jobs;
pub mod menu_dishes;
pub mod menus;
pub mod notification_preferences;
pub mod notifications;
pub mod photos;
pub mod saved_chefs;
pub mod sessions;
pub mod users;
pub mod weekly_hours;

use domain::chef_profile::{Certification, EducationEntry, LanguageSkill};
use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};

/// A list of short strings kept in one JSON column (languages, cuisines, ingredients, flags).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct StringList(pub Vec<String>);

impl<S: Into<String>> FromIterator<S> for StringList {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        StringList(iter.into_iter().map(Into::into).collect())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct EducationEntries(pub Vec<EducationEntry>);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Certifications(pub Vec<Certification>);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct LanguageSkills(pub Vec<LanguageSkill>);
