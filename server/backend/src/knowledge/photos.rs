//! A question's photos: checked before anything is stored, stored as files by the media
//! pipeline, listed in the question's own transaction, and served only while the question is.

use domain::{
    knowledge::questions::MAX_PHOTOS_PER_QUESTION,
    social::posts::{alt_text, PostPhoto},
    FieldError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::live_questions;
use crate::{
    entities::question_photos,
    media::{full_url, thumbnail_url, PhotoUpload, StoredPhoto},
    ServiceError,
};

/// The descriptions of a question's photos, or why they cannot be shown; checked before any
/// file is stored.
pub(super) fn checked_alts(photos: &[PhotoUpload]) -> Result<Vec<String>, ServiceError> {
    if photos.len() > MAX_PHOTOS_PER_QUESTION {
        return Err(too_many_photos().into());
    }
    Ok(photos
        .iter()
        .map(|photo| alt_text(&photo.alt))
        .collect::<Result<Vec<_>, _>>()?)
}

pub fn too_many_photos() -> FieldError {
    FieldError::new(
        "photos",
        format!("A question shows at most {MAX_PHOTOS_PER_QUESTION} photos."),
    )
}

pub(super) async fn record<C: ConnectionTrait>(
    db: &C,
    question_id: i64,
    stored: &[StoredPhoto],
    alts: &[String],
) -> Result<(), ServiceError> {
    for (position, (photo, alt)) in stored.iter().zip(alts).enumerate() {
        question_photos::ActiveModel {
            question_id: Set(question_id),
            position: Set(position as i32),
            storage_key: Set(photo.key.clone()),
            alt_text: Set(alt.clone()),
            width: Set(photo.width as i32),
            height: Set(photo.height as i32),
            byte_size: Set(photo.byte_size),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

pub(super) async fn shown_with<C: ConnectionTrait>(
    db: &C,
    question_id: i64,
) -> Result<Vec<PostPhoto>, ServiceError> {
    Ok(question_photos::Entity::find()
        .filter(question_photos::Column::QuestionId.eq(question_id))
        .order_by_asc(question_photos::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|photo| PostPhoto {
            url: full_url(&photo.storage_key),
            thumbnail_url: thumbnail_url(&photo.storage_key),
            alt: photo.alt_text,
            width: photo.width as u32,
            height: photo.height as u32,
        })
        .collect())
}

/// Whether the file named by `key` shows on a question anyone may read; a deleted or hidden
/// question's photos are served to nobody.
pub async fn is_live_question_photo<C: ConnectionTrait>(
    db: &C,
    key: &str,
) -> Result<bool, ServiceError> {
    let Some(photo) = question_photos::Entity::find()
        .filter(question_photos::Column::StorageKey.eq(key))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    Ok(live_questions()
        .filter(crate::entities::questions::Column::Id.eq(photo.question_id))
        .one(db)
        .await?
        .is_some())
}
