//! Reviews as the public reads them: a chef's customers' reviews once the double-blind window
//! lets them show (both sides wrote, or 14 days after the event), for the chef's page, their
//! card's stars and their rank.

use chrono::{DateTime, Utc};
use domain::reviews::{reviews_visible, ReviewView, ValidReview};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};

use crate::{
    entities::{bookings, reviews, users},
    ServiceError,
};

/// The customers' reviews of each of `chef_ids` that may show at `now`, as `(chef, review)`.
pub(crate) async fn visible_chef_reviews(
    db: &impl ConnectionTrait,
    chef_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<Vec<(i64, reviews::Model)>, ServiceError> {
    let chef_bookings = bookings::Entity::find()
        .filter(bookings::Column::ChefId.is_in(chef_ids.iter().copied()))
        .all(db)
        .await?;
    let chef_of: HashMap<i64, (i64, DateTime<Utc>)> = chef_bookings
        .iter()
        .map(|b| (b.id, (b.chef_id, b.ends_at)))
        .collect();
    let written = reviews::Entity::find()
        .filter(reviews::Column::BookingId.is_in(chef_of.keys().copied()))
        .all(db)
        .await?;
    let chef_wrote: HashSet<i64> = written
        .iter()
        .filter(|r| {
            chef_of
                .get(&r.booking_id)
                .is_some_and(|(chef, _)| *chef == r.author_id)
        })
        .map(|r| r.booking_id)
        .collect();
    Ok(written
        .into_iter()
        .filter_map(|review| {
            let &(chef_id, ended) = chef_of.get(&review.booking_id)?;
            (review.subject_id == chef_id
                && reviews_visible(chef_wrote.contains(&review.booking_id), ended, now))
            .then_some((chef_id, review))
        })
        .collect())
}

/// The newest `limit` reviews of the chef that may show at `now`, with their authors' names.
pub(crate) async fn public_reviews_of(
    db: &impl ConnectionTrait,
    chef_id: i64,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<ReviewView>, ServiceError> {
    let mut shown: Vec<reviews::Model> = visible_chef_reviews(db, &[chef_id], now)
        .await?
        .into_iter()
        .map(|(_, review)| review)
        .collect();
    shown.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    shown.truncate(limit);
    let names: HashMap<i64, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(shown.iter().map(|r| r.author_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|user| (user.id, user.display_name))
        .collect();
    Ok(shown
        .iter()
        .map(|row| {
            let name = names.get(&row.author_id).cloned().unwrap_or_default();
            review_view(row, name)
        })
        .collect())
}

/// A stored review as shown, its overall mark computed by the domain.
pub(crate) fn review_view(row: &reviews::Model, author_name: String) -> ReviewView {
    let stars = |n: i16| u8::try_from(n).unwrap_or(0);
    let review = ValidReview {
        food: stars(row.food),
        communication: stars(row.communication),
        punctuality: stars(row.punctuality),
        value: stars(row.value),
        text: row.body.clone(),
    };
    ReviewView {
        author_id: row.author_id,
        author_name,
        overall: review.overall(),
        food: review.food,
        communication: review.communication,
        punctuality: review.punctuality,
        value: review.value,
        text: review.text,
        written_at: row.created_at,
    }
}
