//! Comments on posts, two levels deep: a reply to a reply attaches to the first-level comment
//! it answers, so threads never nest further than a phone can show. Comments have likes.

use domain::{
    account::{CurrentUser, Role},
    notifications::Kind,
    social::{
        posts::{Comment, PersonRef},
        text::comment_text,
    },
};
use sea_orm::{
    sea_query::OnConflict, ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::{HashMap, HashSet};

use super::{
    counts::{bump, take_back},
    markup::render,
    views::people,
    visibility::{ensure_visible, hidden_people, live_post},
};
use crate::{
    bus::NotificationBus,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{comment_likes, comments, posts},
    notifications::notify_grouped,
    throttle::{Throttle, COMMENTS_PER_ACCOUNT, LIKES_PER_ACCOUNT},
    ServiceError,
};

#[derive(Clone)]
pub struct Comments {
    db: DatabaseConnection,
    clock: Clock,
    bus: NotificationBus,
    throttle: Throttle,
}

impl Comments {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
            throttle: deps.throttle.clone(),
        }
    }

    /// Adds a comment, or a reply when `reply_to` names a comment of the same post.
    pub async fn add(
        &self,
        author: &CurrentUser,
        post_id: i64,
        reply_to: Option<i64>,
        text: &str,
    ) -> Result<Comment, ServiceError> {
        let text = comment_text(text)?;
        self.throttle
            .hit(&COMMENTS_PER_ACCOUNT, &author.id.to_string())
            .await?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let post = live_post(&txn, post_id).await?;
        ensure_visible(&txn, Some(author), post.author_id).await?;
        let parent = match reply_to {
            Some(id) => {
                let answered = comments::Entity::find_by_id(id)
                    .filter(comments::Column::PostId.eq(post_id))
                    .filter(comments::Column::DeletedAt.is_null())
                    .one(&txn)
                    .await?
                    .ok_or_else(|| domain::FieldError::new("reply_to", "That comment is gone."))?;
                // Two levels: a reply to a reply joins the first level's thread.
                Some((
                    answered.parent_id.unwrap_or(answered.id),
                    answered.author_id,
                ))
            }
            None => None,
        };
        let saved = comments::ActiveModel {
            post_id: Set(post_id),
            author_id: Set(author.id),
            parent_id: Set(parent.map(|(id, _)| id)),
            body_html: Set(render(&text)),
            text: Set(text),
            like_count: Set(0),
            created_at: Set(now),
            deleted_at: Set(None),
            hidden_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        bump::<posts::Entity, _>(
            &txn,
            posts::Column::CommentCount,
            posts::Column::Id,
            post_id,
            1,
        )
        .await?;
        let mut told = Vec::new();
        // The post's author hears of every comment; the author of the comment answered, of
        // the replies to it. Each group folds while unread.
        let mut recipients = vec![(post.author_id, false)];
        if let Some((_, answered_author)) = parent {
            if answered_author != post.author_id {
                recipients.push((answered_author, true));
            }
        }
        for (recipient, is_reply) in recipients {
            if recipient == author.id {
                continue;
            }
            let group = if is_reply {
                format!("replies:{post_id}")
            } else {
                format!("post_commented:{post_id}")
            };
            let stored = notify_grouped(
                &txn,
                recipient,
                Kind::PostCommented,
                &group,
                author.id,
                |others| {
                    domain::notifications::post_commented(
                        &author.display_name,
                        post_id,
                        is_reply,
                        others,
                    )
                },
                now,
            )
            .await?;
            if stored.is_some() {
                told.push(recipient);
            }
        }
        txn.commit().await?;
        for recipient in told {
            self.bus.publish(recipient);
        }
        let mut shown = self.shape(Some(author), vec![saved]).await?;
        Ok(shown.pop().expect("one comment in, one out"))
    }

    /// A post's comments for `viewer`, oldest first, replies under their comment. People on
    /// the other side of a block from the viewer are left out.
    pub async fn of_post(
        &self,
        viewer: Option<&CurrentUser>,
        post_id: i64,
    ) -> Result<Vec<Comment>, ServiceError> {
        let post = live_post(&self.db, post_id).await?;
        ensure_visible(&self.db, viewer, post.author_id).await?;
        let mut query = comments::Entity::find()
            .filter(comments::Column::PostId.eq(post_id))
            .filter(comments::Column::DeletedAt.is_null())
            .filter(comments::Column::HiddenAt.is_null());
        if let Some(viewer) = viewer {
            query = query.filter(
                comments::Column::AuthorId.is_not_in(hidden_people(&self.db, viewer.id).await?),
            );
        }
        let rows = query
            .order_by_asc(comments::Column::CreatedAt)
            .order_by_asc(comments::Column::Id)
            .all(&self.db)
            .await?;
        self.shape(viewer, rows).await
    }

    /// Deletes a comment (its author, the post's author, or an admin). Its replies stay.
    pub async fn delete(&self, actor: &CurrentUser, comment_id: i64) -> Result<(), ServiceError> {
        let txn = begin_write(&self.db).await?;
        let comment = comments::Entity::find_by_id(comment_id)
            .filter(comments::Column::DeletedAt.is_null())
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound("Comment"))?;
        let post = posts::Entity::find_by_id(comment.post_id)
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound("Comment"))?;
        if comment.author_id != actor.id && post.author_id != actor.id && actor.role != Role::Admin
        {
            return Err(ServiceError::Forbidden(
                "Only the comment's author or the post's author can delete it.",
            ));
        }
        // A hidden comment already left the post's count.
        let counted = comment.hidden_at.is_none();
        let mut deleted: comments::ActiveModel = comment.into();
        deleted.deleted_at = Set(Some(self.clock.now()));
        deleted.update(&txn).await?;
        if counted {
            bump::<posts::Entity, _>(
                &txn,
                posts::Column::CommentCount,
                posts::Column::Id,
                post.id,
                -1,
            )
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Likes a comment; again changes nothing. Returns its like count.
    pub async fn like(&self, reader: &CurrentUser, comment_id: i64) -> Result<u32, ServiceError> {
        self.throttle
            .hit(&LIKES_PER_ACCOUNT, &reader.id.to_string())
            .await?;
        let txn = begin_write(&self.db).await?;
        let comment = self.live_comment(&txn, reader, comment_id).await?;
        let inserted = comment_likes::Entity::insert(comment_likes::ActiveModel {
            comment_id: Set(comment_id),
            user_id: Set(reader.id),
            created_at: Set(self.clock.now()),
        })
        .on_conflict(
            OnConflict::columns([
                comment_likes::Column::CommentId,
                comment_likes::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?
            > 0;
        let count = comment.like_count + i32::from(inserted);
        if inserted {
            bump::<comments::Entity, _>(
                &txn,
                comments::Column::LikeCount,
                comments::Column::Id,
                comment_id,
                1,
            )
            .await?;
        }
        txn.commit().await?;
        Ok(u32::try_from(count).unwrap_or(0))
    }

    pub async fn unlike(&self, reader: &CurrentUser, comment_id: i64) -> Result<u32, ServiceError> {
        let txn = begin_write(&self.db).await?;
        let comment = self.live_comment(&txn, reader, comment_id).await?;
        let removed = take_back::<comment_likes::Entity, comments::Entity, _>(
            &txn,
            Condition::all()
                .add(comment_likes::Column::CommentId.eq(comment_id))
                .add(comment_likes::Column::UserId.eq(reader.id)),
            comments::Column::LikeCount,
            comments::Column::Id,
            comment_id,
        )
        .await?;
        txn.commit().await?;
        Ok(u32::try_from(comment.like_count - i32::from(removed)).unwrap_or(0))
    }

    async fn live_comment(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        reader: &CurrentUser,
        comment_id: i64,
    ) -> Result<comments::Model, ServiceError> {
        let comment = comments::Entity::find_by_id(comment_id)
            .filter(comments::Column::DeletedAt.is_null())
            .filter(comments::Column::HiddenAt.is_null())
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound("Comment"))?;
        let post = live_post(txn, comment.post_id).await?;
        ensure_visible(txn, Some(reader), post.author_id).await?;
        ensure_visible(txn, Some(reader), comment.author_id).await?;
        Ok(comment)
    }

    /// Rows into comments with authors and the viewer's likes, replies under their parents.
    async fn shape(
        &self,
        viewer: Option<&CurrentUser>,
        rows: Vec<comments::Model>,
    ) -> Result<Vec<Comment>, ServiceError> {
        let authors = people(&self.db, rows.iter().map(|row| row.author_id).collect()).await?;
        let liked: HashSet<i64> = match viewer {
            Some(viewer) => comment_likes::Entity::find()
                .filter(comment_likes::Column::UserId.eq(viewer.id))
                .filter(comment_likes::Column::CommentId.is_in(rows.iter().map(|row| row.id)))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|like| like.comment_id)
                .collect(),
            None => HashSet::new(),
        };
        let mut first_level: Vec<Comment> = Vec::new();
        let mut replies: HashMap<i64, Vec<Comment>> = HashMap::new();
        for row in rows {
            let comment = Comment {
                id: row.id,
                post_id: row.post_id,
                parent_id: row.parent_id,
                author: authors
                    .get(&row.author_id)
                    .cloned()
                    .unwrap_or_else(|| PersonRef {
                        id: row.author_id,
                        handle: String::new(),
                        display_name: "Former member".into(),
                        is_chef: false,
                        photo_url: None,
                    }),
                liked: liked.contains(&row.id),
                text: row.text,
                html: row.body_html,
                like_count: u32::try_from(row.like_count).unwrap_or(0),
                created_at: row.created_at,
                replies: Vec::new(),
            };
            match row.parent_id {
                Some(parent) => replies.entry(parent).or_default().push(comment),
                None => first_level.push(comment),
            }
        }
        let mut orphans = Vec::new();
        for comment in &mut first_level {
            comment.replies = replies.remove(&comment.id).unwrap_or_default();
        }
        // Replies whose first-level comment was deleted still show, at the end.
        for (_, mut rest) in replies {
            orphans.append(&mut rest);
        }
        orphans.sort_by_key(|comment| (comment.created_at, comment.id));
        first_level.extend(orphans);
        Ok(first_level)
    }
}
