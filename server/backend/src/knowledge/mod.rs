//! The knowledge section: people ask food questions, chefs and cooks answer, everyone votes,
//! the asker accepts an answer, and reputation follows from it as a ledger
//! ([`ledger`]). The rules — what a question may say, what a vote is worth, what reputation
//! allows — are the domain's (`domain::knowledge`); this module stores and enforces them.

mod asking;
mod chef_facts;
mod closing;
pub mod discovery;
pub mod fraud;
pub mod ledger;
pub mod lists;
pub(crate) mod moderated;
pub mod photos;
mod reading;
mod voting;

pub use asking::NewQuestion;

use domain::{
    account::CurrentUser,
    knowledge::{questions::VoteTarget, Privilege},
};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::{
    bus::NotificationBus,
    clock::Clock,
    deps::Deps,
    entities::{answers, questions},
    media::MediaStore,
    search::Search,
    throttle::Throttle,
    ServiceError,
};

#[derive(Clone)]
pub struct Knowledge {
    db: DatabaseConnection,
    clock: Clock,
    bus: NotificationBus,
    throttle: Throttle,
    search: Search,
    media: MediaStore,
}

impl Knowledge {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
            throttle: deps.throttle.clone(),
            search: deps.search.clone(),
            media: deps.media.clone(),
        }
    }
}

/// Questions nobody deleted and no moderator hid: the only ones any list or page shows.
pub(crate) fn live_questions() -> sea_orm::Select<questions::Entity> {
    questions::Entity::find()
        .filter(questions::Column::DeletedAt.is_null())
        .filter(questions::Column::HiddenAt.is_null())
}

pub(crate) async fn live_question<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<questions::Model, ServiceError> {
    live_questions()
        .filter(questions::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Question"))
}

pub(crate) fn live_answers() -> sea_orm::Select<answers::Entity> {
    answers::Entity::find()
        .filter(answers::Column::DeletedAt.is_null())
        .filter(answers::Column::HiddenAt.is_null())
}

/// An answer that is live under a live question.
pub(crate) async fn live_answer<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<(answers::Model, questions::Model), ServiceError> {
    let answer = live_answers()
        .filter(answers::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Answer"))?;
    let question = live_question(db, answer.question_id)
        .await
        .map_err(|_| ServiceError::NotFound("Answer"))?;
    Ok((answer, question))
}

/// The author of what a vote or comment is about, and the question it belongs to.
pub(crate) async fn target_of<C: ConnectionTrait>(
    db: &C,
    target: VoteTarget,
    id: i64,
) -> Result<Target, ServiceError> {
    Ok(match target {
        VoteTarget::Question => {
            let question = live_question(db, id).await?;
            Target {
                kind: target,
                id,
                author_id: question.author_id,
                question,
            }
        }
        VoteTarget::Answer => {
            let (answer, question) = live_answer(db, id).await?;
            Target {
                kind: target,
                id,
                author_id: answer.author_id,
                question,
            }
        }
    })
}

pub(crate) struct Target {
    pub kind: VoteTarget,
    pub id: i64,
    pub author_id: i64,
    pub question: questions::Model,
}

/// Refuses a privilege `person` has not earned yet, naming the reputation it takes.
pub(crate) async fn require<C: ConnectionTrait>(
    db: &C,
    person: &CurrentUser,
    privilege: Privilege,
) -> Result<(), ServiceError> {
    let reputation = ledger::reputation_of(db, person.id).await?;
    if privilege.held_at(reputation) {
        Ok(())
    } else {
        Err(ServiceError::Unearned {
            privilege,
            reputation,
        })
    }
}
