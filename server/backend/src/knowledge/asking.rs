//! Writing: asking (of everyone, or of one chef), answering, commenting and editing. Every
//! version of a question or an answer is kept as a revision, the first one included.

use chrono::{DateTime, Utc};
use domain::{
    account::{CurrentUser, Role},
    knowledge::{
        questions::{answer_text, comment_text, QuestionText, VoteTarget},
        views::{AnswerView, KnowledgeComment, QuestionPage, Revision},
        Privilege,
    },
    notifications::{self, Kind},
    FieldError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashSet;

use super::{ledger, live_answer, live_question, photos, require, target_of, Knowledge};
use crate::{
    db::begin_write,
    entities::{answers, knowledge_comments, question_tags, questions, revisions, users},
    media::{PhotoUpload, StoredPhoto},
    notifications::notify,
    search::outbox::question_changed,
    social::{markup::render, views::people},
    throttle::{ANSWERS_PER_ACCOUNT, COMMENTS_PER_ACCOUNT, QUESTIONS_PER_ACCOUNT},
    ServiceError,
};

/// A question as the asker sent it.
#[derive(Debug, Clone, Default)]
pub struct NewQuestion {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    /// Asked of one chef (their user id), from the chef's page.
    pub asked_of: Option<i64>,
    pub photos: Vec<PhotoUpload>,
}

impl Knowledge {
    pub async fn ask(
        &self,
        asker: &CurrentUser,
        question: NewQuestion,
    ) -> Result<QuestionPage, ServiceError> {
        let text = QuestionText::parse(&question.title, &question.body, &question.tags)
            .map_err(ServiceError::Invalid)?;
        let alts = photos::checked_alts(&question.photos)?;
        if let Some(chef_id) = question.asked_of {
            self.ensure_chef_to_ask(asker, chef_id).await?;
        }
        self.throttle
            .hit(&QUESTIONS_PER_ACCOUNT, &asker.id.to_string())
            .await?;
        let uploads = question
            .photos
            .into_iter()
            .map(|photo| photo.bytes)
            .collect();
        let stored = self.media.store_photos(uploads, "photos").await?;
        match self
            .insert_question(asker, &text, question.asked_of, &stored, &alts)
            .await
        {
            Ok(id) => {
                tracing::info!(
                    question_id = id,
                    asker_id = asker.id,
                    photos = stored.len(),
                    "question asked"
                );
                self.page(Some(asker), id).await
            }
            Err(error) => {
                self.media.remove_photos(&stored).await;
                Err(error)
            }
        }
    }

    async fn insert_question(
        &self,
        asker: &CurrentUser,
        text: &QuestionText,
        asked_of: Option<i64>,
        photos: &[StoredPhoto],
        alts: &[String],
    ) -> Result<i64, ServiceError> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let row = questions::ActiveModel {
            author_id: Set(asker.id),
            directed_to_id: Set(asked_of),
            title: Set(text.title.clone()),
            body: Set(text.body.clone()),
            body_html: Set(render(&text.body)),
            score: Set(0),
            answer_count: Set(0),
            accepted_answer_id: Set(None),
            closed_at: Set(None),
            close_reason: Set(None),
            duplicate_of_id: Set(None),
            created_at: Set(now),
            edited_at: Set(None),
            last_activity_at: Set(now),
            deleted_at: Set(None),
            hidden_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        write_tags(&txn, row.id, &text.tags, now).await?;
        photos::record(&txn, row.id, photos, alts).await?;
        keep_revision(
            &txn,
            VoteTarget::Question,
            row.id,
            asker.id,
            Some(&text.title),
            &text.body,
            Some(&text.tags),
            now,
        )
        .await?;
        question_changed(&txn, row.id, now).await?;
        let mut told = None;
        if let Some(chef_id) = asked_of {
            let content = notifications::asked_of_you(&asker.display_name, row.id, &text.title);
            if notify(&txn, chef_id, Kind::AskedOfYou, &content, now)
                .await?
                .is_some()
            {
                told = Some(chef_id);
            }
        }
        txn.commit().await?;
        if let Some(chef_id) = told {
            self.bus.publish(chef_id);
        }
        Ok(row.id)
    }

    /// A question may be asked of a chef, not of a customer, and not of oneself.
    async fn ensure_chef_to_ask(
        &self,
        asker: &CurrentUser,
        chef_id: i64,
    ) -> Result<(), ServiceError> {
        let chef = users::Entity::find_by_id(chef_id).one(&self.db).await?;
        let is_chef = chef.is_some_and(|user| Role::parse(&user.role) == Some(Role::Chef));
        if !is_chef || chef_id == asker.id {
            return Err(
                FieldError::new("asked_of", "Ask one of our chefs, other than yourself.").into(),
            );
        }
        Ok(())
    }

    pub async fn answer(
        &self,
        author: &CurrentUser,
        question_id: i64,
        body: &str,
    ) -> Result<AnswerView, ServiceError> {
        let body = answer_text(body)?;
        self.throttle
            .hit(&ANSWERS_PER_ACCOUNT, &author.id.to_string())
            .await?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let question = live_question(&txn, question_id).await?;
        if question.closed_at.is_some() {
            return Err(ServiceError::Conflict(FieldError::new(
                "body",
                "This question is closed: it takes no new answers unless it is reopened.",
            )));
        }
        let answer = answers::ActiveModel {
            question_id: Set(question_id),
            author_id: Set(author.id),
            body: Set(body.clone()),
            body_html: Set(render(&body)),
            score: Set(0),
            created_at: Set(now),
            edited_at: Set(None),
            deleted_at: Set(None),
            hidden_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        keep_revision(
            &txn,
            VoteTarget::Answer,
            answer.id,
            author.id,
            None,
            &body,
            None,
            now,
        )
        .await?;
        let mut touched: questions::ActiveModel = question.clone().into();
        touched.answer_count = Set(question.answer_count + 1);
        touched.last_activity_at = Set(now);
        touched.update(&txn).await?;
        question_changed(&txn, question_id, now).await?;
        let mut told = None;
        if question.author_id != author.id {
            let content = notifications::question_answered(
                &author.display_name,
                question.id,
                &question.title,
            );
            if notify(
                &txn,
                question.author_id,
                Kind::QuestionAnswered,
                &content,
                now,
            )
            .await?
            .is_some()
            {
                told = Some(question.author_id);
            }
        }
        txn.commit().await?;
        self.bus.publish_question(question_id);
        if let Some(asker) = told {
            self.bus.publish(asker);
        }
        tracing::info!(
            answer_id = answer.id,
            question_id,
            author_id = author.id,
            "question answered"
        );
        self.answer_view(Some(author), answer.id).await
    }

    /// A short comment under a question or an answer. Anyone may comment on their own post and
    /// under answers to their own question; elsewhere it takes
    /// [`Privilege::CommentAnywhere`].
    pub async fn comment(
        &self,
        author: &CurrentUser,
        on: VoteTarget,
        id: i64,
        text: &str,
    ) -> Result<KnowledgeComment, ServiceError> {
        let text = comment_text(text)?;
        let target = target_of(&self.db, on, id).await?;
        let own_ground = target.author_id == author.id || target.question.author_id == author.id;
        if !own_ground {
            require(&self.db, author, Privilege::CommentAnywhere).await?;
        }
        self.throttle
            .hit(&COMMENTS_PER_ACCOUNT, &author.id.to_string())
            .await?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let row = knowledge_comments::ActiveModel {
            question_id: Set(target.question.id),
            answer_id: Set((on == VoteTarget::Answer).then_some(id)),
            author_id: Set(author.id),
            text: Set(text),
            created_at: Set(now),
            deleted_at: Set(None),
            hidden_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let mut told = None;
        if target.author_id != author.id {
            let content = notifications::knowledge_commented(
                &author.display_name,
                on.label(),
                target.question.id,
            );
            if notify(
                &txn,
                target.author_id,
                Kind::KnowledgeActivity,
                &content,
                now,
            )
            .await?
            .is_some()
            {
                told = Some(target.author_id);
            }
        }
        txn.commit().await?;
        self.bus.publish_question(target.question.id);
        if let Some(person) = told {
            self.bus.publish(person);
        }
        let person = people(&self.db, HashSet::from([author.id]))
            .await?
            .remove(&author.id)
            .ok_or(ServiceError::NotFound("Person"))?;
        Ok(KnowledgeComment {
            id: row.id,
            author: person,
            text: row.text,
            created_at: row.created_at,
        })
    }

    /// Changes a question's words and tags: its asker, or anyone with
    /// [`Privilege::EditOthers`]. The new version joins the revisions.
    pub async fn edit_question(
        &self,
        editor: &CurrentUser,
        question_id: i64,
        title: &str,
        body: &str,
        tags: &[String],
    ) -> Result<QuestionPage, ServiceError> {
        let text = QuestionText::parse(title, body, tags).map_err(ServiceError::Invalid)?;
        let question = live_question(&self.db, question_id).await?;
        if question.author_id != editor.id {
            require(&self.db, editor, Privilege::EditOthers).await?;
        }
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let question = live_question(&txn, question_id).await?;
        let mut changed: questions::ActiveModel = question.into();
        changed.title = Set(text.title.clone());
        changed.body = Set(text.body.clone());
        changed.body_html = Set(render(&text.body));
        changed.edited_at = Set(Some(now));
        changed.last_activity_at = Set(now);
        changed.update(&txn).await?;
        question_tags::Entity::delete_many()
            .filter(question_tags::Column::QuestionId.eq(question_id))
            .exec(&txn)
            .await?;
        write_tags(&txn, question_id, &text.tags, now).await?;
        question_changed(&txn, question_id, now).await?;
        keep_revision(
            &txn,
            VoteTarget::Question,
            question_id,
            editor.id,
            Some(&text.title),
            &text.body,
            Some(&text.tags),
            now,
        )
        .await?;
        txn.commit().await?;
        self.bus.publish_question(question_id);
        self.page(Some(editor), question_id).await
    }

    /// Changes an answer's words: its author, or anyone with [`Privilege::EditOthers`].
    pub async fn edit_answer(
        &self,
        editor: &CurrentUser,
        answer_id: i64,
        body: &str,
    ) -> Result<AnswerView, ServiceError> {
        let body = answer_text(body)?;
        let (answer, _) = live_answer(&self.db, answer_id).await?;
        if answer.author_id != editor.id {
            require(&self.db, editor, Privilege::EditOthers).await?;
        }
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let (answer, question) = live_answer(&txn, answer_id).await?;
        let question_id = question.id;
        question_changed(&txn, question_id, now).await?;
        let mut changed: answers::ActiveModel = answer.into();
        changed.body = Set(body.clone());
        changed.body_html = Set(render(&body));
        changed.edited_at = Set(Some(now));
        changed.update(&txn).await?;
        keep_revision(
            &txn,
            VoteTarget::Answer,
            answer_id,
            editor.id,
            None,
            &body,
            None,
            now,
        )
        .await?;
        txn.commit().await?;
        self.bus.publish_question(question_id);
        self.answer_view(Some(editor), answer_id).await
    }

    /// Every version of a question or an answer, oldest (the original) first.
    pub async fn revisions(&self, of: VoteTarget, id: i64) -> Result<Vec<Revision>, ServiceError> {
        target_of(&self.db, of, id).await?;
        let column = match of {
            VoteTarget::Question => revisions::Column::QuestionId,
            VoteTarget::Answer => revisions::Column::AnswerId,
        };
        let rows = revisions::Entity::find()
            .filter(column.eq(id))
            .order_by_asc(revisions::Column::Id)
            .all(&self.db)
            .await?;
        let editors = people(&self.db, rows.iter().map(|row| row.editor_id).collect()).await?;
        Ok(rows
            .into_iter()
            .enumerate()
            .filter_map(|(n, row)| {
                Some(Revision {
                    number: n as u32 + 1,
                    editor: editors.get(&row.editor_id)?.clone(),
                    title: row.title,
                    body: row.body,
                    tags: row
                        .tags
                        .map(|tags| tags.split_whitespace().map(str::to_owned).collect())
                        .unwrap_or_default(),
                    created_at: row.created_at,
                })
            })
            .collect())
    }

    /// Deletes an answer (its author, or an admin): the reputation its votes and acceptance
    /// gave is taken back.
    pub async fn delete_answer(
        &self,
        actor: &CurrentUser,
        answer_id: i64,
    ) -> Result<(), ServiceError> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let (answer, question) = live_answer(&txn, answer_id).await?;
        if answer.author_id != actor.id && actor.role != Role::Admin {
            return Err(ServiceError::Forbidden(
                "Only its author can delete an answer.",
            ));
        }
        let mut deleted: answers::ActiveModel = answer.into();
        deleted.deleted_at = Set(Some(now));
        deleted.update(&txn).await?;
        let mut touched: questions::ActiveModel = question.clone().into();
        touched.answer_count = Set((question.answer_count - 1).max(0));
        if question.accepted_answer_id == Some(answer_id) {
            touched.accepted_answer_id = Set(None);
        }
        touched.update(&txn).await?;
        question_changed(&txn, question.id, now).await?;
        ledger::take_back_all_about(
            &txn,
            ledger::About {
                question_id: Some(question.id),
                answer_id: Some(answer_id),
            },
            now,
        )
        .await?;
        txn.commit().await?;
        self.bus.publish_question(question.id);
        tracing::info!(answer_id, actor_id = actor.id, "answer deleted");
        Ok(())
    }

    /// Deletes a question that nobody has answered yet (its asker, or an admin at any time):
    /// answers are other people's work.
    pub async fn delete_question(
        &self,
        actor: &CurrentUser,
        question_id: i64,
    ) -> Result<(), ServiceError> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let question = live_question(&txn, question_id).await?;
        let admin = actor.role == Role::Admin;
        if question.author_id != actor.id && !admin {
            return Err(ServiceError::Forbidden(
                "Only its asker can delete a question.",
            ));
        }
        if question.answer_count > 0 && !admin {
            return Err(ServiceError::Conflict(FieldError::new(
                "id",
                "A question with answers stays: the answers are other people's work.",
            )));
        }
        let mut deleted: questions::ActiveModel = question.into();
        deleted.deleted_at = Set(Some(now));
        deleted.update(&txn).await?;
        question_changed(&txn, question_id, now).await?;
        ledger::take_back_all_about(
            &txn,
            ledger::About {
                question_id: Some(question_id),
                answer_id: None,
            },
            now,
        )
        .await?;
        txn.commit().await?;
        self.bus.publish_question(question_id);
        tracing::info!(question_id, actor_id = actor.id, "question deleted");
        Ok(())
    }
}

/// Keeps a version of a question (with its title and tags) or of an answer.
#[allow(clippy::too_many_arguments)]
async fn keep_revision<C: ConnectionTrait>(
    db: &C,
    of: VoteTarget,
    id: i64,
    editor_id: i64,
    title: Option<&str>,
    body: &str,
    tags: Option<&[String]>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    revisions::ActiveModel {
        question_id: Set((of == VoteTarget::Question).then_some(id)),
        answer_id: Set((of == VoteTarget::Answer).then_some(id)),
        editor_id: Set(editor_id),
        title: Set(title.map(str::to_owned)),
        body: Set(body.to_owned()),
        tags: Set(tags.map(|tags| tags.join(" "))),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn write_tags<C: ConnectionTrait>(
    db: &C,
    question_id: i64,
    tags: &[String],
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    question_tags::Entity::insert_many(tags.iter().map(|tag| question_tags::ActiveModel {
        question_id: Set(question_id),
        tag: Set(tag.clone()),
        created_at: Set(now),
    }))
    .exec(db)
    .await?;
    Ok(())
}
