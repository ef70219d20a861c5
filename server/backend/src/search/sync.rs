//! Keeping the search indexes in step with the database.
//!
//! A change to anything a search document shows enqueues an index job in the change's own
//! transaction ([`chef_changed`], [`dish_changed`]), so a committed change is always indexed
//! and a rolled-back one never is. The job reads the rows as they are when it runs and
//! writes the whole document, so jobs may repeat or run late without harm. [`reindex`]
//! rebuilds an index from the database beside the live one, swaps it in, then replays the
//! index jobs of changes made meanwhile.

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use domain::{
    catalog::DietaryFlag,
    places::city_named,
    search::{ChefDocument, DishDocument},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

use super::{Documents, IndexName, SearchEngine};
use crate::{
    catalog::{chef_card, dish_from_row},
    entities::{
        calendar_blocks, chef_profiles, chef_ranks, dishes, jobs, photos, users, weekly_hours,
    },
    jobs::{enqueue, Job, NewJob},
    photos::photo_from_row,
    ranks::visible_ratings,
    worker::JobHandler,
    ServiceError,
};
use domain::photos::PhotoKind;

pub const INDEX_CHEF: &str = "search.index_chef";
pub const INDEX_DISH: &str = "search.index_dish";
/// How far ahead blocked dates are indexed for "available on" searches.
const BUSY_HORIZON_DAYS: i64 = 366;
const BATCH: u64 = 500;

#[derive(Debug, Serialize, Deserialize)]
struct ChefChanged {
    chef_id: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct DishChanged {
    dish_id: i64,
}

/// Call in the transaction that changed a chef's profile, calendar, photo or dishes.
pub async fn chef_changed(
    db: &impl ConnectionTrait,
    chef_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let payload = serde_json::json!(ChefChanged { chef_id });
    enqueue(db, NewJob::now(INDEX_CHEF, payload, now), now).await?;
    Ok(())
}

/// Call in the transaction that created, changed or deleted a dish. The chef's document
/// changes too (the diets they cook for come from their dishes).
pub async fn dish_changed(
    db: &impl ConnectionTrait,
    dish_id: i64,
    chef_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let payload = serde_json::json!(DishChanged { dish_id });
    enqueue(db, NewJob::now(INDEX_DISH, payload, now), now).await?;
    chef_changed(db, chef_id, now).await
}

fn time_zone(city: &str) -> Tz {
    city_named(city)
        .and_then(|city| city.timezone.parse().ok())
        .unwrap_or(Tz::UTC)
}

/// Local dates from `starts_at` up to (not including) `ends_at`.
fn local_dates(tz: Tz, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Vec<NaiveDate> {
    let first = tz.from_utc_datetime(&starts_at.naive_utc()).date_naive();
    let last_instant = ends_at - Duration::nanoseconds(1);
    let last = tz.from_utc_datetime(&last_instant.naive_utc()).date_naive();
    first.iter_days().take_while(|day| *day <= last).collect()
}

/// Search documents for the chefs among `ids` who have a profile.
pub async fn chef_documents(
    db: &impl ConnectionTrait,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<Vec<ChefDocument>, ServiceError> {
    let rows = chef_profiles::Entity::find()
        .filter(chef_profiles::Column::UserId.is_in(ids.iter().copied()))
        .find_also_related(users::Entity)
        .order_by_asc(chef_profiles::Column::UserId)
        .all(db)
        .await?;
    let chef_ids: Vec<i64> = rows.iter().map(|(profile, _)| profile.user_id).collect();
    let thumbnails: HashMap<i64, String> = photos::Entity::find()
        .filter(photos::Column::ChefId.is_in(chef_ids.iter().copied()))
        .filter(photos::Column::Kind.eq(PhotoKind::Profile.code()))
        .order_by_asc(photos::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.chef_id, photo_from_row(row).thumbnail_url))
        .collect();
    let mut works_on: HashMap<i64, BTreeSet<u8>> = HashMap::new();
    for row in weekly_hours::Entity::find()
        .filter(weekly_hours::Column::ChefId.is_in(chef_ids.iter().copied()))
        .all(db)
        .await?
    {
        works_on
            .entry(row.chef_id)
            .or_default()
            .insert(row.weekday as u8);
    }
    let blocks = calendar_blocks::Entity::find()
        .filter(calendar_blocks::Column::ChefId.is_in(chef_ids.iter().copied()))
        .filter(calendar_blocks::Column::EndsAt.gt(now - Duration::days(1)))
        .filter(calendar_blocks::Column::StartsAt.lt(now + Duration::days(BUSY_HORIZON_DAYS)))
        .all(db)
        .await?;
    let ranks: HashMap<i64, f64> = chef_ranks::Entity::find()
        .filter(chef_ranks::Column::ChefId.is_in(chef_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.chef_id, row.score))
        .collect();
    let ratings = visible_ratings(db, &chef_ids, now).await?;
    let mut diets: HashMap<i64, BTreeSet<DietaryFlag>> = HashMap::new();
    for dish in dishes::Entity::find()
        .filter(dishes::Column::ChefId.is_in(chef_ids.iter().copied()))
        .all(db)
        .await?
    {
        let chef_id = dish.chef_id;
        if let Some(dish) = dish_from_row(dish) {
            diets.entry(chef_id).or_default().extend(dish.dietary);
        }
    }
    let mut documents = Vec::with_capacity(rows.len());
    for (profile, user) in rows {
        let languages = profile
            .languages
            .0
            .iter()
            .map(|skill| skill.language.clone())
            .collect();
        let bio = profile.bio.clone();
        let Some(card) = chef_card((profile, user)) else {
            continue;
        };
        let tz = time_zone(&card.city);
        let mut busy_on: Vec<NaiveDate> = blocks
            .iter()
            .filter(|block| block.chef_id == card.id)
            .flat_map(|block| local_dates(tz, block.starts_at, block.ends_at))
            .collect();
        busy_on.sort_unstable();
        busy_on.dedup();
        documents.push(ChefDocument {
            id: card.id,
            photo_url: thumbnails.get(&card.id).cloned(),
            display_name: card.display_name,
            headline: card.headline,
            bio,
            city: card.city,
            lat: card.lat,
            lng: card.lng,
            service_radius_km: u16::try_from(card.service_radius_km).unwrap_or(0),
            base_rate: card.base_rate,
            years_experience: u8::try_from(card.years_experience).unwrap_or(u8::MAX),
            cuisines: card.cuisines,
            languages,
            dietary: diets
                .remove(&card.id)
                .unwrap_or_default()
                .into_iter()
                .collect(),
            // The plain average to one decimal, as people read stars.
            rating: ratings.get(&card.id).map(|stars| {
                (stars.iter().sum::<f64>() / stars.len() as f64 * 10.0).round() / 10.0
            }),
            rank: ranks.get(&card.id).copied().unwrap_or(0.0),
            // A chef without weekly hours takes requests on any day.
            works_on: works_on
                .remove(&card.id)
                .map(|days| days.into_iter().collect())
                .unwrap_or_else(|| (1..=7).collect()),
            busy_on,
        });
    }
    Ok(documents)
}

/// Search documents for the dishes among `ids` whose chef has a profile.
pub async fn dish_documents(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<DishDocument>, ServiceError> {
    let rows = dishes::Entity::find()
        .filter(dishes::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(dishes::Column::Id)
        .all(db)
        .await?;
    let chef_ids: BTreeSet<i64> = rows.iter().map(|row| row.chef_id).collect();
    let chefs: HashMap<i64, (chef_profiles::Model, users::Model)> = chef_profiles::Entity::find()
        .filter(chef_profiles::Column::UserId.is_in(chef_ids))
        .find_also_related(users::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(profile, user)| Some((profile.user_id, (profile, user?))))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let (profile, user) = chefs.get(&row.chef_id)?;
            let chef_id = row.chef_id;
            let dish = dish_from_row(row)?;
            Some(DishDocument {
                id: dish.id,
                chef_id,
                chef_name: user.display_name.clone(),
                name: dish.name,
                description: dish.description,
                ingredients: dish.ingredients,
                course: dish.course,
                organic: dish.organic,
                dietary: dish.dietary.into_iter().collect(),
                allergens: dish.allergens.into_iter().collect(),
                price_per_guest: dish.price_per_guest,
                lat: profile.latitude,
                lng: profile.longitude,
                service_radius_km: u16::try_from(profile.service_radius_km).unwrap_or(0),
            })
        })
        .collect())
}

/// Writes the chef's document and their dishes' (which carry the chef's place), or removes
/// the chef when they have no profile.
pub async fn index_chef(
    db: &impl ConnectionTrait,
    search: &dyn SearchEngine,
    chef_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let chefs = chef_documents(db, &[chef_id], now).await?;
    let dish_ids: Vec<i64> = dishes::Entity::find()
        .select_only()
        .column(dishes::Column::Id)
        .filter(dishes::Column::ChefId.eq(chef_id))
        .into_tuple()
        .all(db)
        .await?;
    if chefs.is_empty() {
        search.remove(IndexName::Chefs, &[chef_id]).await?;
        search.remove(IndexName::Dishes, &dish_ids).await?;
        return Ok(());
    }
    search.put(Documents::Chefs(chefs)).await?;
    let dishes = dish_documents(db, &dish_ids).await?;
    search.put(Documents::Dishes(dishes)).await?;
    Ok(())
}

pub async fn index_dish(
    db: &impl ConnectionTrait,
    search: &dyn SearchEngine,
    dish_id: i64,
) -> Result<(), ServiceError> {
    match dish_documents(db, &[dish_id]).await?.pop() {
        Some(dish) => search.put(Documents::Dishes(vec![dish])).await?,
        None => search.remove(IndexName::Dishes, &[dish_id]).await?,
    }
    Ok(())
}

/// The worker's handler for [`INDEX_CHEF`] jobs.
pub struct IndexChef(pub super::Search);

#[async_trait]
impl JobHandler for IndexChef {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let changed: ChefChanged =
            serde_json::from_str(&job.payload).map_err(|error| error.to_string())?;
        index_chef(txn, self.0.as_ref(), changed.chef_id, Utc::now())
            .await
            .map_err(|error| error.to_string())
    }
}

/// The worker's handler for [`INDEX_DISH`] jobs.
pub struct IndexDish(pub super::Search);

#[async_trait]
impl JobHandler for IndexDish {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let changed: DishChanged =
            serde_json::from_str(&job.payload).map_err(|error| error.to_string())?;
        index_dish(txn, self.0.as_ref(), changed.dish_id)
            .await
            .map_err(|error| error.to_string())
    }
}

/// Rebuilds `index` from the database beside the live one and swaps it in. `progress` hears
/// (documents done, documents in all) after each batch. Returns the documents indexed.
pub async fn reindex(
    db: &DatabaseConnection,
    search: &dyn SearchEngine,
    index: IndexName,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<u64, ServiceError> {
    // Index jobs of changes committed while the copy is built are replayed afterwards; the
    // margin covers transactions that began before this and committed during it.
    let started = Utc::now() - Duration::minutes(1);
    let mut rebuild = search.rebuild(index).await?;
    let total = row_count(db, index).await?;
    let mut indexed = 0;
    let mut after = i64::MIN;
    progress(0, total);
    loop {
        let ids = ids_after(db, index, after).await?;
        let Some(&last) = ids.last() else { break };
        after = last;
        let documents = documents_for(db, index, &ids).await?;
        indexed += documents.len() as u64;
        rebuild.add(documents).await?;
        progress(indexed, total);
    }
    rebuild.finish().await?;
    replay_changes_since(db, search, index, started).await?;
    Ok(indexed)
}

/// How many rows `index` is built from.
async fn row_count(db: &DatabaseConnection, index: IndexName) -> Result<u64, ServiceError> {
    Ok(match index {
        IndexName::Chefs => chef_profiles::Entity::find().count(db).await?,
        IndexName::Dishes => dishes::Entity::find().count(db).await?,
        // The knowledge section stores no questions yet: its index starts empty.
        IndexName::Questions => 0,
    })
}

/// The next batch of ids for `index`, in id order, after `after`.
async fn ids_after(
    db: &DatabaseConnection,
    index: IndexName,
    after: i64,
) -> Result<Vec<i64>, ServiceError> {
    Ok(match index {
        IndexName::Chefs => {
            chef_profiles::Entity::find()
                .select_only()
                .column(chef_profiles::Column::UserId)
                .filter(chef_profiles::Column::UserId.gt(after))
                .order_by_asc(chef_profiles::Column::UserId)
                .limit(BATCH)
                .into_tuple()
                .all(db)
                .await?
        }
        IndexName::Dishes => {
            dishes::Entity::find()
                .select_only()
                .column(dishes::Column::Id)
                .filter(dishes::Column::Id.gt(after))
                .order_by_asc(dishes::Column::Id)
                .limit(BATCH)
                .into_tuple()
                .all(db)
                .await?
        }
        IndexName::Questions => Vec::new(),
    })
}

async fn documents_for(
    db: &DatabaseConnection,
    index: IndexName,
    ids: &[i64],
) -> Result<Documents, ServiceError> {
    Ok(match index {
        IndexName::Chefs => Documents::Chefs(chef_documents(db, ids, Utc::now()).await?),
        IndexName::Dishes => Documents::Dishes(dish_documents(db, ids).await?),
        IndexName::Questions => Documents::Questions(Vec::new()),
    })
}

/// Re-indexes what index jobs created since `since` touched, whatever became of the jobs:
/// writes the documents of rows that exist and removes the others.
async fn replay_changes_since(
    db: &DatabaseConnection,
    search: &dyn SearchEngine,
    index: IndexName,
    since: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let kind = match index {
        IndexName::Chefs => INDEX_CHEF,
        IndexName::Dishes => INDEX_DISH,
        IndexName::Questions => return Ok(()),
    };
    let payloads: Vec<String> = jobs::Entity::find()
        .select_only()
        .column(jobs::Column::Payload)
        .filter(jobs::Column::Kind.eq(kind))
        .filter(jobs::Column::CreatedAt.gte(since))
        .into_tuple()
        .all(db)
        .await?;
    let changed: BTreeSet<i64> = payloads
        .iter()
        .filter_map(|payload| changed_id(index, payload))
        .collect();
    let changed: Vec<i64> = changed.into_iter().collect();
    for batch in changed.chunks(BATCH as usize) {
        let documents = documents_for(db, index, batch).await?;
        let found = documents.ids();
        let gone: Vec<i64> = batch
            .iter()
            .copied()
            .filter(|id| !found.contains(id))
            .collect();
        search.put(documents).await?;
        search.remove(index, &gone).await?;
    }
    Ok(())
}

/// The row an index job is about.
fn changed_id(index: IndexName, payload: &str) -> Option<i64> {
    match index {
        IndexName::Chefs => serde_json::from_str::<ChefChanged>(payload)
            .ok()
            .map(|changed| changed.chef_id),
        IndexName::Dishes => serde_json::from_str::<DishChanged>(payload)
            .ok()
            .map(|changed| changed.dish_id),
        IndexName::Questions => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_marks_every_local_date_it_touches_and_not_the_day_it_ends_at_midnight() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        // 2026-12-04 22:00 to 2026-12-06 23:00 UTC is the 4th 23:00 to the 7th 00:00 in Paris.
        let starts = Utc.with_ymd_and_hms(2026, 12, 4, 22, 0, 0).unwrap();
        let ends = Utc.with_ymd_and_hms(2026, 12, 6, 23, 0, 0).unwrap();
        let dates: Vec<String> = local_dates(paris, starts, ends)
            .iter()
            .map(|date| date.to_string())
            .collect();
        assert_eq!(dates, ["2026-12-04", "2026-12-05", "2026-12-06"]);
    }
}
