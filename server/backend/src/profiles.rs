//! Chefs writing their own profile. The form is checked by the same domain rules the editor
//! runs in the browser; only a profile that passes them is saved.

use domain::{
    account::{CurrentUser, Role},
    chef_profile::ChefProfileForm,
};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

use crate::{
    authz::ensure_may_edit_chef,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{
        chef_profiles, dishes, users, Certifications, EducationEntries, LanguageSkills, StringList,
    },
    ranks::rank_changed,
    search::outbox::chef_changed,
    ServiceError,
};

#[derive(Clone)]
pub struct Profiles {
    db: DatabaseConnection,
    clock: Clock,
}

impl Profiles {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
        }
    }

    /// Creates the chef's profile on first save and replaces it afterwards.
    pub async fn save(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        form: &ChefProfileForm,
    ) -> Result<(), ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        let profile = form
            .validate(self.clock.now().date_naive())
            .map_err(ServiceError::Invalid)?;
        let txn = begin_write(&self.db).await?;
        let chef = users::Entity::find_by_id(chef_id)
            .one(&txn)
            .await?
            .filter(|user| user.role == Role::Chef.as_str())
            .ok_or(ServiceError::NotFound("Chef"))?;
        let existing = chef_profiles::Entity::find_by_id(chef.id).one(&txn).await?;
        let is_new = existing.is_none();
        let now = self.clock.now();
        let mut row = match existing {
            Some(row) => chef_profiles::ActiveModel::from(row),
            None => chef_profiles::ActiveModel {
                user_id: Set(chef.id),
                created_at: Set(now),
                ..Default::default()
            },
        };
        let currency = profile.base_rate.currency.code().to_owned();
        row.headline = Set(profile.headline);
        row.bio = Set(profile.bio);
        row.years_experience = Set(i32::from(profile.years_experience));
        row.education_entries = Set(EducationEntries(profile.education));
        row.certifications = Set(Certifications(profile.certifications));
        row.languages = Set(LanguageSkills(profile.languages));
        row.cuisines = Set(StringList(profile.cuisines));
        row.city = Set(profile.home.city.name.to_owned());
        row.latitude = Set(profile.home.point.lat());
        row.longitude = Set(profile.home.point.lng());
        row.service_radius_km = Set(i32::from(profile.service_radius_km));
        row.base_rate_minor = Set(profile.base_rate.amount_minor);
        row.currency = Set(currency.clone());
        row.min_guests = Set(i32::from(profile.guests.min));
        row.max_guests = Set(i32::from(profile.guests.max));
        row.updated_at = Set(now);
        if is_new {
            row.insert(&txn).await?;
        } else {
            row.update(&txn).await?;
        }
        // A chef who moves to a city with another currency prices everything in it: dish
        // prices keep their numbers and the editor asks the chef to review them.
        dishes::Entity::update_many()
            .col_expr(dishes::Column::Currency, Expr::value(currency))
            .filter(dishes::Column::ChefId.eq(chef.id))
            .exec(&txn)
            .await?;
        chef_changed(&txn, chef.id, now).await?;
        // Education, experience and languages are rank inputs.
        rank_changed(&txn, chef.id, "profile", now).await?;
        txn.commit().await?;
        tracing::info!(chef_id, editor = actor.id, "chef profile saved");
        Ok(())
    }
}
