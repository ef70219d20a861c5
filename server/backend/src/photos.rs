//! Chefs' profile and gallery photos: checked and re-encoded by [`crate::media`], stored as
//! files, listed in the database. A refused upload stores nothing; a failure halfway removes
//! what was already written.

use bytes::Bytes;
use domain::{
    account::CurrentUser,
    photos::{Photo, PhotoKind, MAX_GALLERY_PHOTOS},
    FieldError,
};
use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::{
    authz::ensure_may_edit_chef,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{chef_profiles, photos, post_photos, posts},
    media::{full_url, thumbnail_url, MediaStore},
    search::outbox::chef_changed,
    throttle::{Throttle, UPLOADS_PER_ACCOUNT},
    ServiceError,
};

#[derive(Clone)]
pub struct Photos {
    db: DatabaseConnection,
    clock: Clock,
    media: MediaStore,
    throttle: Throttle,
}

impl Photos {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            media: deps.media.clone(),
            throttle: deps.throttle.clone(),
        }
    }

    pub async fn upload(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        kind: PhotoKind,
        upload: Bytes,
    ) -> Result<Photo, ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        if chef_profiles::Entity::find_by_id(chef_id)
            .one(&self.db)
            .await?
            .is_none()
        {
            return Err(
                FieldError::new("photo", "Save your profile first, then add photos.").into(),
            );
        }
        if kind == PhotoKind::Gallery && self.gallery_size(chef_id).await? >= MAX_GALLERY_PHOTOS {
            return Err(gallery_full());
        }
        self.throttle
            .hit(&UPLOADS_PER_ACCOUNT, &actor.id.to_string())
            .await?;
        let stored = self.media.store_photo(upload).await?;
        let size = (stored.width, stored.height, stored.byte_size);
        let saved = self.record(chef_id, kind, &stored.key, size).await;
        match saved {
            Ok((photo, replaced)) => {
                for old in replaced {
                    self.media.remove_photo(&old.storage_key).await;
                }
                tracing::info!(
                    chef_id,
                    photo_id = photo.id,
                    kind = kind.code(),
                    "photo stored"
                );
                Ok(photo_from_row(photo))
            }
            Err(error) => {
                self.media.remove_photo(&stored.key).await;
                Err(error)
            }
        }
    }

    pub async fn delete(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        photo_id: i64,
    ) -> Result<(), ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        let photo = photos::Entity::find_by_id(photo_id)
            .filter(photos::Column::ChefId.eq(chef_id))
            .one(&self.db)
            .await?
            .ok_or(ServiceError::NotFound("Photo"))?;
        let txn = begin_write(&self.db).await?;
        photos::Entity::delete_by_id(photo.id).exec(&txn).await?;
        // The chef's page shows every photo (the search document only the profile one).
        chef_changed(&txn, chef_id, self.clock.now()).await?;
        txn.commit().await?;
        self.media.remove_photo(&photo.storage_key).await;
        Ok(())
    }

    /// A chef photo's or a live post's photo file, for anyone. Other files in the store
    /// (dispute evidence) are not served here: they go only to the people a dispute concerns;
    /// a deleted or hidden post's photos go nowhere.
    pub async fn file(&self, name: &str) -> Result<Option<Bytes>, ServiceError> {
        let Some(key) = crate::media::key_of(name) else {
            return Ok(None);
        };
        let is_chef_photo = photos::Entity::find()
            .filter(photos::Column::StorageKey.eq(key))
            .one(&self.db)
            .await?
            .is_some();
        if !is_chef_photo
            && !self.is_live_post_photo(key).await?
            && !crate::knowledge::photos::is_live_question_photo(&self.db, key).await?
        {
            return Ok(None);
        }
        self.media.get(name).await
    }

    async fn is_live_post_photo(&self, key: &str) -> Result<bool, ServiceError> {
        let Some(photo) = post_photos::Entity::find()
            .filter(post_photos::Column::StorageKey.eq(key))
            .one(&self.db)
            .await?
        else {
            return Ok(false);
        };
        Ok(posts::Entity::find_by_id(photo.post_id)
            .filter(posts::Column::DeletedAt.is_null())
            .filter(posts::Column::HiddenAt.is_null())
            .one(&self.db)
            .await?
            .is_some())
    }

    /// Inserts the row; a new profile photo replaces the old one in the same transaction.
    /// Returns the rows replaced, whose files go once the change is committed.
    async fn record(
        &self,
        chef_id: i64,
        kind: PhotoKind,
        key: &str,
        (width, height, byte_size): (u32, u32, i64),
    ) -> Result<(photos::Model, Vec<photos::Model>), ServiceError> {
        let txn = begin_write(&self.db).await?;
        let existing = photos::Entity::find()
            .filter(photos::Column::ChefId.eq(chef_id))
            .filter(photos::Column::Kind.eq(kind.code()))
            .all(&txn)
            .await?;
        let replaced = match kind {
            PhotoKind::Profile => existing,
            PhotoKind::Gallery if existing.len() >= MAX_GALLERY_PHOTOS => {
                return Err(gallery_full())
            }
            PhotoKind::Gallery => Vec::new(),
        };
        if !replaced.is_empty() {
            photos::Entity::delete_many()
                .filter(photos::Column::Id.is_in(replaced.iter().map(|p| p.id)))
                .exec(&txn)
                .await?;
        }
        let photo = photos::ActiveModel {
            chef_id: Set(chef_id),
            kind: Set(kind.code().to_owned()),
            storage_key: Set(key.to_owned()),
            width: Set(width as i32),
            height: Set(height as i32),
            byte_size: Set(byte_size),
            created_at: Set(self.clock.now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        // The chef's page shows every photo (the search document only the profile one).
        chef_changed(&txn, chef_id, self.clock.now()).await?;
        txn.commit().await?;
        Ok((photo, replaced))
    }

    async fn gallery_size(&self, chef_id: i64) -> Result<usize, ServiceError> {
        Ok(photos::Entity::find()
            .filter(photos::Column::ChefId.eq(chef_id))
            .filter(photos::Column::Kind.eq(PhotoKind::Gallery.code()))
            .count(&self.db)
            .await? as usize)
    }
}

fn gallery_full() -> ServiceError {
    FieldError::new(
        "photo",
        format!("The gallery holds {MAX_GALLERY_PHOTOS} photos; remove one first."),
    )
    .into()
}

/// Each chef's profile photo thumbnail, for cards and names that show a portrait. Read in
/// upload order, so the newest portrait wins as it does on the chef's page.
pub async fn profile_thumbnails(
    db: &impl ConnectionTrait,
    chef_ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, ServiceError> {
    Ok(photos::Entity::find()
        .filter(photos::Column::ChefId.is_in(chef_ids))
        .filter(photos::Column::Kind.eq(PhotoKind::Profile.code()))
        .order_by_asc(photos::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.chef_id, thumbnail_url(&row.storage_key)))
        .collect())
}

pub fn photo_from_row(row: photos::Model) -> Photo {
    Photo {
        id: row.id,
        kind: PhotoKind::parse(&row.kind).unwrap_or(PhotoKind::Gallery),
        url: full_url(&row.storage_key),
        thumbnail_url: thumbnail_url(&row.storage_key),
        width: row.width as u32,
        height: row.height as u32,
    }
}
