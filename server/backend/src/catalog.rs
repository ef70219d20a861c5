//! The public chef catalogue: chef cards page by page, featured chefs, and a chef's profile
//! with their dishes.

use domain::{
    catalog::{Allergen, ChefCard, ChefProfile, Course, DietaryFlag, Dish},
    money::{Currency, Money},
    paging::{Page, PageRequest},
};
use sea_orm::{
    sea_query::{Expr, ExprTrait, Func, LikeExpr},
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::{
    entities::{chef_profiles, dishes, users},
    ServiceError,
};

#[derive(Clone)]
pub struct Catalog {
    db: DatabaseConnection,
}

impl Catalog {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Chefs in a stable order (oldest profile first), so paging never skips or repeats one.
    /// `text`, when given, keeps chefs whose name, headline (which names their cuisine) or
    /// city contains it, ignoring case. Full search with typos and distance comes with the
    /// search engine; this keeps the home page's search box honest until then.
    pub async fn chefs(
        &self,
        request: PageRequest,
        text: Option<&str>,
    ) -> Result<Page<ChefCard>, ServiceError> {
        let matching = text_filter(text);
        let total = chef_profiles::Entity::find()
            .inner_join(users::Entity)
            .filter(matching.clone())
            .count(&self.db)
            .await?;
        let rows = chef_profiles::Entity::find()
            .find_also_related(users::Entity)
            .filter(matching)
            .order_by_asc(chef_profiles::Column::UserId)
            .offset(request.offset())
            .limit(request.per_page())
            .all(&self.db)
            .await?;
        Ok(Page {
            items: rows.into_iter().filter_map(chef_card).collect(),
            total,
            page: request.page(),
            per_page: request.per_page(),
        })
    }

    /// The most experienced chefs, for the home page (until ranks exist to pick by).
    pub async fn featured_chefs(&self, count: u64) -> Result<Vec<ChefCard>, ServiceError> {
        let rows = chef_profiles::Entity::find()
            .find_also_related(users::Entity)
            .order_by_desc(chef_profiles::Column::YearsExperience)
            .order_by_asc(chef_profiles::Column::UserId)
            .limit(count)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().filter_map(chef_card).collect())
    }

    pub async fn chef_profile(&self, chef_id: i64) -> Result<ChefProfile, ServiceError> {
        let (profile, user) = chef_profiles::Entity::find_by_id(chef_id)
            .find_also_related(users::Entity)
            .one(&self.db)
            .await?
            .ok_or(ServiceError::NotFound("Chef"))?;
        let dishes = dishes::Entity::find()
            .filter(dishes::Column::ChefId.eq(chef_id))
            .order_by_asc(dishes::Column::Id)
            .all(&self.db)
            .await?;
        let bio = profile.bio.clone();
        let education = profile.education.clone();
        let languages = profile.languages.0.clone();
        let card = chef_card((profile, user)).ok_or(ServiceError::NotFound("Chef"))?;
        Ok(ChefProfile {
            card,
            bio,
            education,
            languages,
            dishes: dishes.into_iter().filter_map(dish).collect(),
        })
    }
}

fn text_filter(text: Option<&str>) -> Condition {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Condition::all();
    };
    // LIKE wildcards typed by a visitor are matched literally.
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let pattern = format!("%{escaped}%");
    let contains = |column: Expr| {
        Expr::expr(Func::lower(column)).like(LikeExpr::new(pattern.clone()).escape('\\'))
    };
    Condition::any()
        .add(contains(Expr::col((
            users::Entity,
            users::Column::DisplayName,
        ))))
        .add(contains(Expr::col((
            chef_profiles::Entity,
            chef_profiles::Column::Headline,
        ))))
        .add(contains(Expr::col((
            chef_profiles::Entity,
            chef_profiles::Column::City,
        ))))
}

fn chef_card((profile, user): (chef_profiles::Model, Option<users::Model>)) -> Option<ChefCard> {
    let user = user?;
    Some(ChefCard {
        id: profile.user_id,
        display_name: user.display_name,
        headline: profile.headline,
        city: profile.city,
        lat: profile.latitude,
        lng: profile.longitude,
        service_radius_km: profile.service_radius_km,
        base_rate: Money::new(profile.base_rate_minor, currency(&profile.currency)),
        years_experience: profile.years_experience,
        cuisines: profile.cuisines.0,
    })
}

/// Rows are written through the domain types, so a value that does not parse back is a bug:
/// it is logged and the row left out rather than shown wrong.
fn dish(row: dishes::Model) -> Option<Dish> {
    let Some(course) = Course::parse(&row.course) else {
        tracing::error!(
            dish_id = row.id,
            course = row.course,
            "unknown course in database"
        );
        return None;
    };
    Some(Dish {
        id: row.id,
        name: row.name,
        description: row.description,
        course,
        ingredients: row.ingredients.0,
        organic: row.organic,
        dietary: row
            .dietary
            .0
            .iter()
            .filter_map(|d| DietaryFlag::parse(d))
            .collect(),
        allergens: row
            .allergens
            .0
            .iter()
            .filter_map(|a| Allergen::parse(a))
            .collect(),
        price_per_guest: Money::new(row.price_per_guest_minor, currency(&row.currency)),
    })
}

fn currency(code: &str) -> Currency {
    Currency::parse(code).unwrap_or(Currency::EUR)
}
