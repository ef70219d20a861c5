//! Table mappings. Each mirrors a migration in the `migrations` crate.

pub mod answers;
pub mod blocks;
pub mod booking_shares;
pub mod booking_steps;
pub mod bookings;
pub mod calendar_blocks;
pub mod charge_reservations;
pub mod chef_profiles;
pub mod chef_rank_history;
pub mod chef_ranks;
pub mod close_votes;
pub mod comment_likes;
pub mod comments;
pub mod dishes;
pub mod dispute_events;
pub mod disputes;
pub mod emails;
pub mod event_requests;
pub mod feed_settings;
pub mod follows;
pub mod idempotency_keys;
pub mod invitations;
pub mod jobs;
pub mod knowledge_comments;
pub mod knowledge_votes;
pub mod ledger_entries;
pub mod ledger_transactions;
pub mod menu_dishes;
pub mod menus;
pub mod messages;
pub mod moderation_decisions;
pub mod mutes;
pub mod notification_preferences;
pub mod notifications;
pub mod payment_events;
pub mod photos;
pub mod post_edits;
pub mod post_likes;
pub mod post_photos;
pub mod post_tags;
pub mod posts;
pub mod question_photos;
pub mod question_tags;
pub mod questions;
pub mod refund_sends;
pub mod reports;
pub mod reputation_events;
pub mod reviews;
pub mod revisions;
pub mod saved_chefs;
pub mod saved_posts;
pub mod sessions;
pub mod users;
pub mod weekly_hours;

use domain::{
    chef_profile::{Certification, EducationEntry, LanguageSkill},
    pricing::Quote,
};
use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};

/// A list of short strings kept in one JSON column (languages, cuisines, ingredients, flags).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct StringList(pub Vec<String>);

impl<S: Into<String>> FromIterator<S> for StringList {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        StringList(iter.into_iter().map(Into::into).collect())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct EducationEntries(pub Vec<EducationEntry>);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Certifications(pub Vec<Certification>);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct LanguageSkills(pub Vec<LanguageSkill>);

/// Ids kept in one JSON column (the dishes a booking is for).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct IdList(pub Vec<i64>);

/// A chef's rank as computed: score, tier, every component with its inputs, and tips.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct StoredRank(pub domain::rank::Rank);

/// The itemised quote as it was when the booking was made or the proposal last edited: what
/// the customer agreed to pay, whatever prices do later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct StoredQuote(pub Quote);

/// A dispute's ruling, as the domain's rule table or an admin made it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct StoredRuling(pub domain::disputes::Ruling);

/// The other side's answer to a dispute, as the rule table reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct StoredAnswer(pub domain::disputes::Answer);
