//! Posts as a reader sees them: rows turned into [`Post`]s with their authors, photos, tags,
//! linked dish or event and the reader's own likes and saves, a fixed number of queries per
//! page however many posts it holds.

use domain::{
    account::{CurrentUser, Role},
    booking::BookingState,
    events::EventKind,
    places::local_time,
    social::posts::{DishRef, EventRef, PersonRef, Post, PostPhoto},
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

use super::visibility::{ensure_visible, live_post};
use crate::{
    deps::Deps,
    entities::{
        booking_shares, bookings, dishes, event_requests, post_likes, post_photos, post_tags,
        posts, saved_posts, users,
    },
    media::{full_url, thumbnail_url},
    photos::profile_thumbnails,
    ServiceError,
};

#[derive(Clone)]
pub struct PostViews {
    db: DatabaseConnection,
}

impl PostViews {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
        }
    }

    /// One live post for `viewer`, or 404 (deleted, hidden, or across a block).
    pub async fn one(
        &self,
        viewer: Option<&CurrentUser>,
        post_id: i64,
    ) -> Result<Post, ServiceError> {
        let row = live_post(&self.db, post_id).await?;
        ensure_visible(&self.db, viewer, row.author_id).await?;
        Ok(self
            .many(viewer, vec![row])
            .await?
            .pop()
            .expect("one row gives one post"))
    }

    /// Posts for `viewer`, in the rows' order.
    pub async fn many(
        &self,
        viewer: Option<&CurrentUser>,
        rows: Vec<posts::Model>,
    ) -> Result<Vec<Post>, ServiceError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
        let author_ids: HashSet<i64> = rows.iter().map(|row| row.author_id).collect();
        let people = people(&self.db, author_ids).await?;

        let mut photos_of: HashMap<i64, Vec<PostPhoto>> = HashMap::new();
        for photo in post_photos::Entity::find()
            .filter(post_photos::Column::PostId.is_in(ids.clone()))
            .order_by_asc(post_photos::Column::Position)
            .all(&self.db)
            .await?
        {
            photos_of.entry(photo.post_id).or_default().push(PostPhoto {
                url: full_url(&photo.storage_key),
                thumbnail_url: thumbnail_url(&photo.storage_key),
                alt: photo.alt_text,
                width: photo.width as u32,
                height: photo.height as u32,
            });
        }
        let mut tags_of: HashMap<i64, Vec<String>> = HashMap::new();
        for tag in post_tags::Entity::find()
            .filter(post_tags::Column::PostId.is_in(ids.clone()))
            .all(&self.db)
            .await?
        {
            tags_of.entry(tag.post_id).or_default().push(tag.tag);
        }
        // Tags in the order written, as the text has them.
        let (liked, saved) = match viewer {
            Some(viewer) => self.reader_marks(viewer.id, &ids).await?,
            None => Default::default(),
        };
        let dishes = self.dishes(&rows).await?;
        let events = shown_events(
            &self.db,
            rows.iter().filter_map(|row| row.booking_id).collect(),
        )
        .await?;

        Ok(rows
            .into_iter()
            .map(|row| {
                let mut tags = tags_of.remove(&row.id).unwrap_or_default();
                let written = domain::social::text::tags_in(&row.text);
                tags.sort_by_key(|tag| written.iter().position(|w| w == tag));
                Post {
                    id: row.id,
                    author: people
                        .get(&row.author_id)
                        .cloned()
                        .unwrap_or_else(|| gone(row.author_id)),
                    html: row.body_html,
                    text: row.text,
                    photos: photos_of.remove(&row.id).unwrap_or_default(),
                    tags,
                    dish: row.dish_id.and_then(|id| dishes.get(&id).cloned()),
                    from_event: row.booking_id.and_then(|id| events.get(&id).cloned()),
                    like_count: row.like_count.max(0) as u32,
                    comment_count: row.comment_count.max(0) as u32,
                    liked: liked.contains(&row.id),
                    saved: saved.contains(&row.id),
                    created_at: row.created_at,
                    edited_at: row.edited_at,
                }
            })
            .collect())
    }

    async fn reader_marks(
        &self,
        reader: i64,
        ids: &[i64],
    ) -> Result<(HashSet<i64>, HashSet<i64>), ServiceError> {
        let liked = post_likes::Entity::find()
            .filter(post_likes::Column::UserId.eq(reader))
            .filter(post_likes::Column::PostId.is_in(ids.to_vec()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|like| like.post_id)
            .collect();
        let saved = saved_posts::Entity::find()
            .filter(saved_posts::Column::UserId.eq(reader))
            .filter(saved_posts::Column::PostId.is_in(ids.to_vec()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|save| save.post_id)
            .collect();
        Ok((liked, saved))
    }

    async fn dishes(&self, rows: &[posts::Model]) -> Result<HashMap<i64, DishRef>, ServiceError> {
        let ids: Vec<i64> = rows.iter().filter_map(|row| row.dish_id).collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(dishes::Entity::find()
            .filter(dishes::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|dish| {
                let link = DishRef {
                    id: dish.id,
                    chef_id: dish.chef_id,
                    name: dish.name,
                };
                (link.id, link)
            })
            .collect())
    }
}

/// The events among `booking_ids` that may be shown on posts: completed, with both the
/// customer and the chef still agreeing. Withdrawing consent takes the badge off at once.
pub async fn shown_events(
    db: &DatabaseConnection,
    booking_ids: Vec<i64>,
) -> Result<HashMap<i64, EventRef>, ServiceError> {
    if booking_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let bookings = bookings::Entity::find()
        .filter(bookings::Column::Id.is_in(booking_ids))
        .all(db)
        .await?;
    let mut agreed: HashMap<i64, HashSet<i64>> = HashMap::new();
    for share in booking_shares::Entity::find()
        .filter(booking_shares::Column::BookingId.is_in(bookings.iter().map(|b| b.id)))
        .all(db)
        .await?
    {
        agreed
            .entry(share.booking_id)
            .or_default()
            .insert(share.user_id);
    }
    let bookings: Vec<bookings::Model> = bookings
        .into_iter()
        .filter(|booking| {
            let both = agreed.get(&booking.id).is_some_and(|people| {
                people.contains(&booking.customer_id) && people.contains(&booking.chef_id)
            });
            let done = BookingState::parse(&booking.state).is_some_and(|state| {
                matches!(state, BookingState::Completed | BookingState::Released)
            });
            both && done
        })
        .collect();
    let requests: HashMap<i64, event_requests::Model> = event_requests::Entity::find()
        .filter(event_requests::Column::Id.is_in(bookings.iter().map(|b| b.request_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|request| (request.id, request))
        .collect();
    let chefs = people(db, bookings.iter().map(|b| b.chef_id).collect()).await?;
    Ok(bookings
        .into_iter()
        .map(|booking| {
            let summary = match requests.get(&booking.request_id) {
                Some(request) => format!(
                    "{}, {}",
                    EventKind::parse(&request.kind).map_or("Event", EventKind::label),
                    local_time(&request.city, booking.starts_at).format("%-d %B %Y")
                ),
                None => "Event".to_owned(),
            };
            let chef_name = chefs
                .get(&booking.chef_id)
                .map(|chef| chef.display_name.clone())
                .unwrap_or_default();
            let link = EventRef {
                booking_id: booking.id,
                chef_id: booking.chef_id,
                chef_name,
                summary,
            };
            (link.booking_id, link)
        })
        .collect())
}

/// People by id as posts name them, chefs with their portrait.
pub async fn people(
    db: &DatabaseConnection,
    ids: HashSet<i64>,
) -> Result<HashMap<i64, PersonRef>, ServiceError> {
    let ids: Vec<i64> = ids.into_iter().collect();
    let portraits = profile_thumbnails(db, ids.iter().copied()).await?;
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|user| {
            let person = PersonRef {
                id: user.id,
                handle: user.handle.unwrap_or_else(|| format!("cook_{}", user.id)),
                display_name: user.display_name,
                is_chef: Role::parse(&user.role) == Some(Role::Chef),
                photo_url: portraits.get(&user.id).cloned(),
            };
            (person.id, person)
        })
        .collect())
}

/// An author whose account is gone: the post stays readable, unsigned.
fn gone(id: i64) -> PersonRef {
    PersonRef {
        id,
        handle: String::new(),
        display_name: "Former member".into(),
        is_chef: false,
        photo_url: None,
    }
}
