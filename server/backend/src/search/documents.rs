//! Search documents built from the database as the rows are now: a chef's card, place,
//! diets, rating, rank and the dates they are free; a dish with its chef's place.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use domain::{
    catalog::{DietaryFlag, RatingSummary},
    search::{ChefDocument, DishDocument},
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeSet, HashMap};

use crate::{
    catalog::{chef_card, dish_from_row, listed},
    entities::{calendar_blocks, chef_profiles, chef_ranks, dishes, users, weekly_hours},
    photos::profile_thumbnails,
    ranks::visible_ratings,
    ServiceError,
};
use domain::places::time_zone_of;

/// How far ahead blocked dates are indexed for "available on" searches.
const BUSY_HORIZON_DAYS: i64 = 366;

/// Local dates from `starts_at` up to (not including) `ends_at`.
fn local_dates(tz: Tz, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Vec<NaiveDate> {
    let first = tz.from_utc_datetime(&starts_at.naive_utc()).date_naive();
    let last_instant = ends_at - Duration::nanoseconds(1);
    let last = tz.from_utc_datetime(&last_instant.naive_utc()).date_naive();
    first.iter_days().take_while(|day| *day <= last).collect()
}

/// Search documents for the listed chefs among `ids` (see [`listed`]).
pub async fn chef_documents(
    db: &impl ConnectionTrait,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<Vec<ChefDocument>, ServiceError> {
    let rows = chef_profiles::Entity::find()
        .filter(chef_profiles::Column::UserId.is_in(ids.iter().copied()))
        .find_also_related(users::Entity)
        .filter(listed())
        .order_by_asc(chef_profiles::Column::UserId)
        .all(db)
        .await?;
    let chef_ids: Vec<i64> = rows.iter().map(|(profile, _)| profile.user_id).collect();
    let thumbnails = profile_thumbnails(db, chef_ids.iter().copied()).await?;
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
    let mut cooks: HashMap<i64, Vec<String>> = HashMap::new();
    for dish in dishes::Entity::find()
        .filter(dishes::Column::ChefId.is_in(chef_ids.iter().copied()))
        .order_by_asc(dishes::Column::Id)
        .all(db)
        .await?
    {
        let chef_id = dish.chef_id;
        if let Some(dish) = dish_from_row(dish) {
            cooks.entry(chef_id).or_default().push(dish.search_text());
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
        let tz = time_zone_of(&card.city);
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
            rating: ratings
                .get(&card.id)
                .and_then(|stars| RatingSummary::of(stars))
                .map(|summary| summary.average),
            review_count: ratings.get(&card.id).map_or(0, |stars| stars.len() as u32),
            rank: ranks.get(&card.id).copied().unwrap_or(0.0),
            // A chef without weekly hours takes requests on any day.
            works_on: works_on
                .remove(&card.id)
                .map(|days| days.into_iter().collect())
                .unwrap_or_else(|| (1..=7).collect()),
            busy_on,
            dishes: cooks.remove(&card.id).unwrap_or_default(),
        });
    }
    Ok(documents)
}

/// Search documents for the dishes among `ids` whose chef is listed.
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
        .filter(listed())
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
