//! Questions, answers and reputation as every page and the API show them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    questions::{CloseReason, VoteDirection},
    reputation::ReputationEvent,
};
use crate::{
    rank::Tier,
    social::posts::{PersonRef, PostPhoto},
};

/// The marketplace's record of a chef who answers: facts from bookings and disputes, not
/// anything the chef wrote about themself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifiedChef {
    pub chef_id: i64,
    pub tier: Tier,
    pub completed_bookings: u32,
    /// Disputes about this chef's bookings, and how many were decided against the chef.
    pub disputes: u32,
    pub disputes_lost: u32,
}

/// Who wrote a question, an answer or a comment, with their reputation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    pub person: PersonRef,
    pub reputation: i64,
    /// For chefs: their record, shown as the "Verified chef" badge.
    pub verified_chef: Option<VerifiedChef>,
}

/// A question in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionSummary {
    pub id: i64,
    pub title: String,
    pub tags: Vec<String>,
    pub score: i32,
    pub answer_count: u32,
    /// Whether the asker accepted one of the answers.
    pub has_accepted_answer: bool,
    pub closed: bool,
    pub asked_by: PersonRef,
    /// The chef it was asked of, for a question asked from a chef's page.
    pub asked_of: Option<PersonRef>,
    pub created_at: DateTime<Utc>,
}

/// Why and when a question was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closure {
    pub reason: CloseReason,
    pub closed_at: DateTime<Utc>,
    /// The question this one repeats, when closed as a duplicate.
    pub duplicate_of: Option<QuestionLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionLink {
    pub id: i64,
    pub title: String,
}

/// A short comment under a question or an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KnowledgeComment {
    pub id: i64,
    pub author: PersonRef,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerView {
    pub id: i64,
    pub question_id: i64,
    pub author: Author,
    pub body: String,
    /// The body rendered from the Markdown subset and sanitised.
    pub body_html: String,
    pub score: i32,
    pub accepted: bool,
    /// The reader's vote on it, if any.
    pub your_vote: Option<VoteDirection>,
    pub comments: Vec<KnowledgeComment>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
}

/// A question's page: the question, its answers (accepted first, then by score) and what the
/// reader may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionPage {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub body_html: String,
    /// What the asker showed (a collapsed sponge, a split sauce), in their order.
    pub photos: Vec<PostPhoto>,
    pub tags: Vec<String>,
    pub score: i32,
    pub author: Author,
    pub asked_of: Option<PersonRef>,
    pub closure: Option<Closure>,
    /// Votes cast so far toward closing it (while open) or reopening it (while closed);
    /// `questions::CLOSE_VOTES_NEEDED` of them decide.
    pub pending_close_votes: u32,
    pub your_vote: Option<VoteDirection>,
    pub comments: Vec<KnowledgeComment>,
    pub answers: Vec<AnswerView>,
    pub accepted_answer_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
}

/// A person's reputation: the total and the ledger it is the sum of, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReputationReport {
    pub user_id: i64,
    pub total: i64,
    pub events: Vec<ReputationEvent>,
}

/// One version of a question or an answer; the first is the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revision {
    pub number: u32,
    pub editor: PersonRef,
    pub title: Option<String>,
    pub body: String,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
}
