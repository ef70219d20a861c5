//! What For you's formula needs beyond the post rows: where the posts' chefs are, and the
//! cuisines the reader engages with.

use chrono::{DateTime, Duration, Utc};
use domain::{
    account::CurrentUser, geo::Coordinates, places::city_named, social::feed::CUISINE_WINDOW_DAYS,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

use super::ReaderSettings;
use crate::{
    entities::{chef_profiles, dishes, post_likes, post_tags, posts},
    ServiceError,
};

/// Recent likes read to learn a reader's cuisines.
const LIKES_FOR_CUISINES: u64 = 200;

/// What the formula needs beyond the post rows: where their chefs are, and the reader's
/// cuisines.
pub(super) struct Signals {
    reader_place: Option<Coordinates>,
    chef_places: HashMap<i64, Coordinates>,
    chef_of_dish: HashMap<i64, i64>,
    /// Per candidate, the share of the reader's recent likes that share a tag with it.
    affinity: HashMap<i64, f64>,
}

impl Signals {
    pub(super) async fn gather(
        db: &DatabaseConnection,
        reader: Option<&CurrentUser>,
        settings: &ReaderSettings,
        candidates: &[posts::Model],
        as_of: DateTime<Utc>,
    ) -> Result<Self, ServiceError> {
        let reader_place = settings
            .city
            .as_deref()
            .and_then(city_named)
            .and_then(|city| Coordinates::parse(city.lat, city.lng).ok());
        let dish_ids: Vec<i64> = candidates.iter().filter_map(|post| post.dish_id).collect();
        let chef_of_dish: HashMap<i64, i64> = if dish_ids.is_empty() {
            HashMap::new()
        } else {
            dishes::Entity::find()
                .filter(dishes::Column::Id.is_in(dish_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|dish| (dish.id, dish.chef_id))
                .collect()
        };
        let mut chef_places = HashMap::new();
        if reader_place.is_some() {
            let people: HashSet<i64> = candidates
                .iter()
                .map(|post| post.author_id)
                .chain(chef_of_dish.values().copied())
                .collect();
            for profile in chef_profiles::Entity::find()
                .filter(chef_profiles::Column::UserId.is_in(people))
                .all(db)
                .await?
            {
                if let Ok(place) = Coordinates::parse(profile.latitude, profile.longitude) {
                    chef_places.insert(profile.user_id, place);
                }
            }
        }
        let affinity = match reader {
            Some(reader) => cuisine_affinity(db, reader.id, candidates, as_of).await?,
            None => HashMap::new(),
        };
        Ok(Self {
            reader_place,
            chef_places,
            chef_of_dish,
            affinity,
        })
    }

    /// The nearest of the post's chefs (its author, or its dish's chef) to the reader.
    pub(super) fn chef_distance_km(&self, post: &posts::Model) -> Option<f64> {
        let reader = self.reader_place.as_ref()?;
        [
            Some(post.author_id),
            post.dish_id
                .and_then(|dish| self.chef_of_dish.get(&dish).copied()),
        ]
        .into_iter()
        .flatten()
        .filter_map(|chef| self.chef_places.get(&chef))
        .map(|place| reader.distance_km(place))
        .min_by(f64::total_cmp)
    }

    pub(super) fn cuisine_affinity(&self, post_id: i64) -> f64 {
        self.affinity.get(&post_id).copied().unwrap_or(0.0)
    }
}

async fn cuisine_affinity(
    db: &DatabaseConnection,
    reader: i64,
    candidates: &[posts::Model],
    as_of: DateTime<Utc>,
) -> Result<HashMap<i64, f64>, ServiceError> {
    let liked: Vec<i64> = post_likes::Entity::find()
        .filter(post_likes::Column::UserId.eq(reader))
        .filter(post_likes::Column::CreatedAt.gt(as_of - Duration::days(CUISINE_WINDOW_DAYS)))
        .order_by_desc(post_likes::Column::CreatedAt)
        .limit(LIKES_FOR_CUISINES)
        .all(db)
        .await?
        .into_iter()
        .map(|like| like.post_id)
        .collect();
    if liked.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<i64> = liked
        .iter()
        .copied()
        .chain(candidates.iter().map(|post| post.id))
        .collect();
    let mut tags_of: HashMap<i64, HashSet<String>> = HashMap::new();
    for tag in post_tags::Entity::find()
        .filter(post_tags::Column::PostId.is_in(ids))
        .all(db)
        .await?
    {
        tags_of.entry(tag.post_id).or_default().insert(tag.tag);
    }
    let empty = HashSet::new();
    let liked_tags: Vec<&HashSet<String>> = liked
        .iter()
        .map(|id| tags_of.get(id).unwrap_or(&empty))
        .collect();
    Ok(candidates
        .iter()
        .map(|post| {
            let tags = tags_of.get(&post.id).unwrap_or(&empty);
            let sharing = liked_tags
                .iter()
                .filter(|liked| !liked.is_disjoint(tags))
                .count();
            (post.id, sharing as f64 / liked_tags.len() as f64)
        })
        .collect())
}
