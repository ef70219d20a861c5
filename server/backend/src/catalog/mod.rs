//! The public chef catalogue: chef cards page by page, featured chefs, and a chef's profile
//! with their dishes, kept in memory between changes ([`cache`]).

pub mod cache;

use chrono::{DateTime, Utc};
use domain::{
    account::Role,
    catalog::{Allergen, ChefCard, ChefProfile, Course, DietaryFlag, Dish, Menu, RatingSummary},
    money::{Currency, Money},
    paging::{Page, PageRequest},
    photos::PhotoKind,
};
use sea_orm::{
    sea_query::{Expr, ExprTrait, Func, LikeExpr},
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

use self::cache::{CatalogCache, ReadAt};
use crate::{
    calendar::{busy_times, weekly_schedule},
    clock::Clock,
    deps::Deps,
    entities::{chef_profiles, chef_ranks, dishes, menu_dishes, menus, photos, users},
    photos::{photo_from_row, profile_thumbnails},
    ranks::visible_ratings,
    reviews::public_reviews_of,
    search::outbox::catalog_version,
    ServiceError,
};

/// How many reviews a chef's page shows, newest first.
pub const REVIEWS_ON_PROFILE: usize = 10;

#[derive(Clone)]
pub struct Catalog {
    db: DatabaseConnection,
    clock: Clock,
    cache: CatalogCache,
}

impl Catalog {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            cache: CatalogCache::default(),
        }
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
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        let key = (request.page(), request.per_page(), text.map(str::to_owned));
        self.cache
            .pages
            .get_or_read(self.read_at().await?, key, || {
                self.read_chefs(request, text)
            })
            .await
    }

    async fn read_chefs(
        &self,
        request: PageRequest,
        text: Option<&str>,
    ) -> Result<Page<ChefCard>, ServiceError> {
        let matching = listed().add(text_filter(text));
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
            items: cards_of(&self.db, rows, self.clock.now()).await?,
            total,
            page: request.page(),
            per_page: request.per_page(),
        })
    }

    /// The most experienced chefs, for the home page (until ranks exist to pick by).
    pub async fn featured_chefs(&self, count: u64) -> Result<Vec<ChefCard>, ServiceError> {
        self.cache
            .featured
            .get_or_read(self.read_at().await?, count, || {
                self.read_featured_chefs(count)
            })
            .await
    }

    async fn read_featured_chefs(&self, count: u64) -> Result<Vec<ChefCard>, ServiceError> {
        let rows = chef_profiles::Entity::find()
            .find_also_related(users::Entity)
            .filter(listed())
            .order_by_desc(chef_profiles::Column::YearsExperience)
            .order_by_asc(chef_profiles::Column::UserId)
            .limit(count)
            .all(&self.db)
            .await?;
        cards_of(&self.db, rows, self.clock.now()).await
    }

    /// Everything a chef's public page shows; a chef who is not listed is not found.
    /// Booking and quoting inside a transaction read [`chef_profile_on`] instead: what is
    /// charged is priced from the rows as they are.
    pub async fn chef_profile(&self, chef_id: i64) -> Result<ChefProfile, ServiceError> {
        let at = self.read_at().await?;
        self.cache
            .profiles
            .get_or_read(at, chef_id, || chef_profile_on(&self.db, chef_id, at.now))
            .await
    }

    /// The catalogue's version and the platform's time, under which anything shown from the
    /// catalogue is kept (see [`cache`]).
    pub async fn read_at(&self) -> Result<ReadAt, ServiceError> {
        Ok(ReadAt {
            version: catalog_version(&self.db).await?,
            now: self.clock.now(),
        })
    }

    /// The profile as its chef (or an admin) edits it, listed or not.
    pub async fn workspace_profile(&self, chef_id: i64) -> Result<ChefProfile, ServiceError> {
        profile_where(&self.db, chef_id, self.clock.now(), Condition::all()).await
    }
}

/// Chefs the public sees, searches and books: chef accounts in good standing. A suspended
/// account or one whose role an admin changed keeps its profile, unlisted.
pub(crate) fn listed() -> Condition {
    Condition::all()
        .add(Expr::col((users::Entity, users::Column::Role)).eq(Role::Chef.as_str()))
        .add(Expr::col((users::Entity, users::Column::SuspendedAt)).is_null())
}

/// [`Catalog::chef_profile`] on any connection (a transaction, say); busy times from `now`.
/// Only listed chefs: this is what booking, proposing and quoting price from.
pub(crate) async fn chef_profile_on(
    db: &impl ConnectionTrait,
    chef_id: i64,
    now: DateTime<Utc>,
) -> Result<ChefProfile, ServiceError> {
    profile_where(db, chef_id, now, listed()).await
}

async fn profile_where(
    db: &impl ConnectionTrait,
    chef_id: i64,
    now: DateTime<Utc>,
    condition: Condition,
) -> Result<ChefProfile, ServiceError> {
    let (profile, user) = chef_profiles::Entity::find_by_id(chef_id)
        .find_also_related(users::Entity)
        .filter(condition)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Chef"))?;
    let dishes = dishes::Entity::find()
        .filter(dishes::Column::ChefId.eq(chef_id))
        .order_by_asc(dishes::Column::Id)
        .all(db)
        .await?;
    let photos = photos::Entity::find()
        .filter(photos::Column::ChefId.eq(chef_id))
        .order_by_asc(photos::Column::Id)
        .all(db)
        .await?;
    let (profile_photos, gallery): (Vec<_>, Vec<_>) = photos
        .into_iter()
        .map(photo_from_row)
        .partition(|photo| photo.kind == PhotoKind::Profile);
    let weekly_hours = weekly_schedule(db, chef_id)
        .await?
        .shifts()
        .iter()
        .map(|shift| shift.to_hours())
        .collect();
    let menus = menus_of(db, chef_id).await?;
    let busy = busy_times(db, chef_id, now).await?;
    let rank = chef_ranks::Entity::find_by_id(chef_id)
        .one(db)
        .await?
        .map(|stored| stored.score);
    let bio = profile.bio.clone();
    let education = profile.education_entries.0.clone();
    let certifications = profile.certifications.0.clone();
    let languages = profile.languages.0.clone();
    let (min_guests, max_guests) = (profile.min_guests as u16, profile.max_guests as u16);
    let photo = profile_photos.into_iter().last();
    let mut card = chef_card((profile, user)).ok_or(ServiceError::NotFound("Chef"))?;
    card.photo_url = photo.as_ref().map(|p| p.thumbnail_url.clone());
    card.rating = visible_ratings(db, &[chef_id], now)
        .await?
        .get(&chef_id)
        .and_then(|ratings| RatingSummary::of(ratings));
    let reviews = public_reviews_of(db, chef_id, now, REVIEWS_ON_PROFILE).await?;
    Ok(ChefProfile {
        card,
        bio,
        education,
        certifications,
        languages,
        min_guests,
        max_guests,
        photo,
        gallery,
        dishes: dishes.into_iter().filter_map(dish_from_row).collect(),
        menus,
        weekly_hours,
        busy,
        rank,
        reviews,
    })
}

/// Chef cards with their profile photo's thumbnail and their rating, in the rows' order.
async fn cards_of(
    db: &DatabaseConnection,
    rows: Vec<(chef_profiles::Model, Option<users::Model>)>,
    now: DateTime<Utc>,
) -> Result<Vec<ChefCard>, ServiceError> {
    let ids: Vec<i64> = rows.iter().map(|(profile, _)| profile.user_id).collect();
    let ratings = visible_ratings(db, &ids, now).await?;
    let thumbnails = profile_thumbnails(db, ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(chef_card)
        .map(|mut card| {
            card.photo_url = thumbnails.get(&card.id).cloned();
            card.rating = ratings
                .get(&card.id)
                .and_then(|stars| RatingSummary::of(stars));
            card
        })
        .collect())
}

/// A chef's menus with their dishes in serving order.
pub(crate) async fn menus_of(
    db: &impl ConnectionTrait,
    chef_id: i64,
) -> Result<Vec<Menu>, ServiceError> {
    let menu_rows = menus::Entity::find()
        .filter(menus::Column::ChefId.eq(chef_id))
        .order_by_asc(menus::Column::Id)
        .all(db)
        .await?;
    if menu_rows.is_empty() {
        return Ok(Vec::new());
    }
    let dishes: HashMap<i64, Dish> = dishes::Entity::find()
        .filter(dishes::Column::ChefId.eq(chef_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(dish_from_row)
        .map(|dish| (dish.id, dish))
        .collect();
    let places = menu_dishes::Entity::find()
        .filter(menu_dishes::Column::MenuId.is_in(menu_rows.iter().map(|m| m.id)))
        .order_by_asc(menu_dishes::Column::Position)
        .all(db)
        .await?;
    let currency = dishes
        .values()
        .next()
        .map(|d| d.price_per_guest.currency)
        .unwrap_or(Currency::EUR);
    Ok(menu_rows
        .into_iter()
        .map(|menu| Menu {
            id: menu.id,
            name: menu.name,
            description: menu.description,
            dishes: places
                .iter()
                .filter(|place| place.menu_id == menu.id)
                .filter_map(|place| dishes.get(&place.dish_id).cloned())
                .collect(),
            price_per_guest: menu
                .price_per_guest_minor
                .map(|minor| Money::new(minor, currency)),
        })
        .collect())
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

pub(crate) fn chef_card(
    (profile, user): (chef_profiles::Model, Option<users::Model>),
) -> Option<ChefCard> {
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
        photo_url: None,
        rating: None,
    })
}

/// Rows are written through the domain types, so a value that does not parse back is a bug:
/// it is logged and the row left out rather than shown wrong.
pub(crate) fn dish_from_row(row: dishes::Model) -> Option<Dish> {
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
        min_guests: row.min_guests.clamp(1, i32::from(u16::MAX)) as u16,
        prep_minutes: row.prep_minutes.clamp(0, i32::from(u16::MAX)) as u16,
    })
}

fn currency(code: &str) -> Currency {
    Currency::parse(code).unwrap_or(Currency::EUR)
}
