//! Writing, editing and deleting posts. Photos go through the same pipeline as chefs' photos
//! (checked, re-encoded, thumbnailed) before the post's transaction; a post that fails to
//! save removes the files it stored, so nothing half-written stays behind.

use domain::{
    account::{CurrentUser, Role},
    booking::BookingState,
    notifications::Kind,
    social::{
        posts::{alt_text, check_edit_window, Post},
        text::{PostText, MAX_PHOTOS_PER_POST},
    },
    FieldError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};

use super::{
    graph::person_by_handle,
    markup::render,
    views::PostViews,
    visibility::{ensure_visible, live_post},
};
use crate::{
    bus::NotificationBus,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{booking_shares, bookings, dishes, post_edits, post_photos, post_tags, posts},
    media::{MediaStore, StoredPhoto},
    notifications::notify,
    search::outbox::post_changed,
    throttle::{Throttle, POSTS_PER_ACCOUNT},
    ServiceError,
};

pub use crate::media::PhotoUpload;

/// A new post as the author sent it.
pub struct NewPost {
    pub text: String,
    pub photos: Vec<PhotoUpload>,
    pub dish_id: Option<i64>,
    pub booking_id: Option<i64>,
}

#[derive(Clone)]
pub struct Posts {
    db: DatabaseConnection,
    clock: Clock,
    media: MediaStore,
    throttle: Throttle,
    bus: NotificationBus,
    views: PostViews,
}

impl Posts {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            media: deps.media.clone(),
            throttle: deps.throttle.clone(),
            bus: deps.bus.clone(),
            views: PostViews::new(deps),
        }
    }

    pub async fn create(&self, author: &CurrentUser, post: NewPost) -> Result<Post, ServiceError> {
        let text = PostText::parse(&post.text)?;
        if post.photos.len() > MAX_PHOTOS_PER_POST {
            return Err(FieldError::new(
                "photos",
                format!("A post holds at most {MAX_PHOTOS_PER_POST} photos."),
            )
            .into());
        }
        let alts = post
            .photos
            .iter()
            .map(|photo| alt_text(&photo.alt))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(dish_id) = post.dish_id {
            self.ensure_own_dish(author, dish_id).await?;
        }
        if let Some(booking_id) = post.booking_id {
            ensure_shown_event(&self.db, author, booking_id).await?;
        }
        self.throttle
            .hit(&POSTS_PER_ACCOUNT, &author.id.to_string())
            .await?;

        let uploads = post.photos.into_iter().map(|photo| photo.bytes).collect();
        let stored = self.media.store_photos(uploads, "photos").await?;
        let saved = self
            .insert(author, &text, &stored, &alts, post.dish_id, post.booking_id)
            .await;
        match saved {
            Ok(id) => {
                tracing::info!(
                    post_id = id,
                    author_id = author.id,
                    photos = stored.len(),
                    "post written"
                );
                self.views.one(Some(author), id).await
            }
            Err(error) => {
                self.media.remove_photos(&stored).await;
                Err(error)
            }
        }
    }

    async fn insert(
        &self,
        author: &CurrentUser,
        text: &PostText,
        photos: &[StoredPhoto],
        alts: &[String],
        dish_id: Option<i64>,
        booking_id: Option<i64>,
    ) -> Result<i64, ServiceError> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let post = posts::ActiveModel {
            author_id: Set(author.id),
            text: Set(text.text.clone()),
            body_html: Set(render(&text.text)),
            dish_id: Set(dish_id),
            booking_id: Set(booking_id),
            like_count: Set(0),
            comment_count: Set(0),
            created_at: Set(now),
            edited_at: Set(None),
            deleted_at: Set(None),
            hidden_at: Set(None),
            hidden_reason: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (position, (photo, alt)) in photos.iter().zip(alts).enumerate() {
            post_photos::ActiveModel {
                post_id: Set(post.id),
                position: Set(position as i32),
                storage_key: Set(photo.key.clone()),
                alt_text: Set(alt.clone()),
                width: Set(photo.width as i32),
                height: Set(photo.height as i32),
                byte_size: Set(photo.byte_size),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        write_tags(&txn, post.id, &text.tags, now).await?;
        post_changed(&txn, post.id, now).await?;
        let mut told = Vec::new();
        let content = domain::notifications::mentioned(&author.display_name, post.id);
        for handle in &text.mentions {
            // A mention of nobody, of oneself or across a block is only words.
            let Ok(person) = person_by_handle(&txn, Some(author), handle.as_str()).await else {
                continue;
            };
            if person.id != author.id
                && notify(&txn, person.id, Kind::Mentioned, &content, now)
                    .await?
                    .is_some()
            {
                told.push(person.id);
            }
        }
        txn.commit().await?;
        for person in told {
            self.bus.publish(person);
        }
        self.bus.publish_post(post.id, author.id);
        Ok(post.id)
    }

    /// A post as `viewer` may see it: 404 when it is deleted, hidden, or either side blocked
    /// the other.
    pub async fn get(
        &self,
        viewer: Option<&CurrentUser>,
        post_id: i64,
    ) -> Result<Post, ServiceError> {
        self.views.one(viewer, post_id).await
    }

    /// Changes the text within [`EDIT_WINDOW_HOURS`] of writing; the words replaced are kept.
    ///
    /// [`EDIT_WINDOW_HOURS`]: domain::social::posts::EDIT_WINDOW_HOURS
    pub async fn edit(
        &self,
        author: &CurrentUser,
        post_id: i64,
        text: &str,
    ) -> Result<Post, ServiceError> {
        let text = PostText::parse(text)?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let post = live_post(&txn, post_id).await?;
        if post.author_id != author.id {
            return Err(ServiceError::Forbidden("Only the author can edit a post."));
        }
        check_edit_window(post.created_at, now)?;
        if post.text != text.text {
            post_edits::ActiveModel {
                post_id: Set(post.id),
                previous_text: Set(post.text.clone()),
                edited_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let mut changed: posts::ActiveModel = post.into();
            changed.text = Set(text.text.clone());
            changed.body_html = Set(render(&text.text));
            changed.edited_at = Set(Some(now));
            changed.update(&txn).await?;
            post_tags::Entity::delete_many()
                .filter(post_tags::Column::PostId.eq(post_id))
                .exec(&txn)
                .await?;
            write_tags(&txn, post_id, &text.tags, now).await?;
            post_changed(&txn, post_id, now).await?;
        }
        txn.commit().await?;
        self.views.one(Some(author), post_id).await
    }

    /// The earlier versions of a post's text, newest first, for anyone who can see the post.
    pub async fn edit_history(
        &self,
        viewer: Option<&CurrentUser>,
        post_id: i64,
    ) -> Result<Vec<(chrono::DateTime<chrono::Utc>, String)>, ServiceError> {
        self.views.one(viewer, post_id).await?;
        use sea_orm::QueryOrder;
        Ok(post_edits::Entity::find()
            .filter(post_edits::Column::PostId.eq(post_id))
            .order_by_desc(post_edits::Column::EditedAt)
            .order_by_desc(post_edits::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|edit| (edit.edited_at, edit.previous_text))
            .collect())
    }

    /// Deletes a post (the author, or an admin): from that moment it is in no feed, search
    /// result or page. The row stays, marked, for moderation and appeals.
    pub async fn delete(&self, actor: &CurrentUser, post_id: i64) -> Result<(), ServiceError> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let post = live_post(&txn, post_id).await?;
        if post.author_id != actor.id && actor.role != Role::Admin {
            ensure_visible(&txn, Some(actor), post.author_id).await?;
            return Err(ServiceError::Forbidden(
                "Only the author can delete a post.",
            ));
        }
        let mut deleted: posts::ActiveModel = post.into();
        deleted.deleted_at = Set(Some(now));
        deleted.update(&txn).await?;
        post_changed(&txn, post_id, now).await?;
        txn.commit().await?;
        tracing::info!(post_id, actor_id = actor.id, "post deleted");
        Ok(())
    }

    async fn ensure_own_dish(
        &self,
        author: &CurrentUser,
        dish_id: i64,
    ) -> Result<(), ServiceError> {
        let own = dishes::Entity::find_by_id(dish_id)
            .one(&self.db)
            .await?
            .is_some_and(|dish| dish.chef_id == author.id);
        if own {
            Ok(())
        } else {
            Err(FieldError::new("dish_id", "Link one of your own dishes.").into())
        }
    }
}

async fn write_tags<C: ConnectionTrait>(
    db: &C,
    post_id: i64,
    tags: &[String],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    if tags.is_empty() {
        return Ok(());
    }
    post_tags::Entity::insert_many(tags.iter().map(|tag| post_tags::ActiveModel {
        post_id: Set(post_id),
        tag: Set(tag.clone()),
        created_at: Set(now),
    }))
    .exec(db)
    .await?;
    Ok(())
}

/// A booking may be shown on a post by one of its two sides once it is completed and both
/// agreed to show it.
async fn ensure_shown_event<C: ConnectionTrait>(
    db: &C,
    author: &CurrentUser,
    booking_id: i64,
) -> Result<(), ServiceError> {
    let refuse = |message: &str| Err(FieldError::new("booking_id", message).into());
    let Some(booking) = bookings::Entity::find_by_id(booking_id).one(db).await? else {
        return refuse("Link one of your own completed events.");
    };
    if booking.customer_id != author.id && booking.chef_id != author.id {
        return refuse("Link one of your own completed events.");
    }
    let done = BookingState::parse(&booking.state)
        .is_some_and(|state| matches!(state, BookingState::Completed | BookingState::Released));
    if !done {
        return refuse("Only an event that has taken place can be shown.");
    }
    let agreed = booking_shares::Entity::find()
        .filter(booking_shares::Column::BookingId.eq(booking_id))
        .filter(booking_shares::Column::UserId.is_in([booking.customer_id, booking.chef_id]))
        .count(db)
        .await?;
    if agreed < 2 {
        return refuse("Both the customer and the chef must agree to show this event.");
    }
    Ok(())
}
