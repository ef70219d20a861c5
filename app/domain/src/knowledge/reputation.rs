//! Reputation: what the community's votes say of a person's questions and answers, kept as an
//! append-only ledger of events (never a counter updated in place). A person's reputation is
//! [`STARTING_REPUTATION`] plus the points of their events; each event stores the points it
//! actually moved, after the daily cap and the floor, so the total is always that sum and a
//! reversal takes back exactly what its event gave. `/knowledge/reputation` prints these rules
//! from the constants below.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Everyone starts here, and nobody falls below it.
pub const STARTING_REPUTATION: i64 = 1;
/// Received for an upvote on a question or an answer.
pub const UPVOTE_POINTS: i32 = 10;
/// Received when the asker accepts your answer.
pub const ACCEPTED_ANSWER_POINTS: i32 = 15;
/// Received by the asker for accepting an answer to their own question.
pub const ACCEPTING_POINTS: i32 = 2;
/// Received for a downvote on a question or an answer.
pub const DOWNVOTE_RECEIVED_POINTS: i32 = -2;
/// Paid for casting a downvote on an answer: it should cost something to say "wrong".
pub const DOWNVOTE_CAST_POINTS: i32 = -1;
/// The most a person gains from votes in one day (UTC); accepted answers are not capped.
pub const DAILY_VOTE_CAP: i64 = 200;

/// Votes one account may give another's posts within [`SERIAL_VOTING_WINDOW_DAYS`] before
/// the nightly guard treats the pair as serial voting and discards all their votes.
pub const SERIAL_VOTES_BETWEEN_TWO: u64 = 10;
pub const SERIAL_VOTING_WINDOW_DAYS: i64 = 30;

vocabulary! {
    /// Why reputation moved.
    ReputationReason {
        UpvoteReceived => "upvote_received", "Upvote";
        DownvoteReceived => "downvote_received", "Downvote";
        DownvoteCast => "downvote_cast", "Downvoted an answer";
        AnswerAccepted => "answer_accepted", "Answer accepted";
        AcceptedAnAnswer => "accepted_an_answer", "Accepted an answer";
    }
}

impl ReputationReason {
    /// The points an event of this kind is worth before the cap and the floor.
    pub fn nominal_points(self) -> i32 {
        match self {
            ReputationReason::UpvoteReceived => UPVOTE_POINTS,
            ReputationReason::DownvoteReceived => DOWNVOTE_RECEIVED_POINTS,
            ReputationReason::DownvoteCast => DOWNVOTE_CAST_POINTS,
            ReputationReason::AnswerAccepted => ACCEPTED_ANSWER_POINTS,
            ReputationReason::AcceptedAnAnswer => ACCEPTING_POINTS,
        }
    }

    /// Votes received count toward the daily cap, up and down; taking one back gives back or
    /// takes back exactly what it moved, whatever day it is.
    pub fn from_votes(self) -> bool {
        matches!(
            self,
            ReputationReason::UpvoteReceived | ReputationReason::DownvoteReceived
        )
    }
}

/// Where a person stands when an event is about to be written: their total, and the points
/// the votes they received today have moved (reversals aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    pub total: i64,
    pub from_votes_today: i64,
}

impl Standing {
    /// The points a new event of `reason` moves: the daily cap trims gains from votes, the
    /// floor trims losses.
    pub fn points_for(self, reason: ReputationReason) -> i32 {
        let nominal = reason.nominal_points();
        let capped = if reason.from_votes() && nominal > 0 {
            let room = (DAILY_VOTE_CAP - self.from_votes_today).max(0);
            i64::from(nominal).min(room) as i32
        } else {
            nominal
        };
        self.floored(capped)
    }

    /// The points that take back an event that moved `original` points: all of them, unless
    /// the floor stops the loss short.
    pub fn points_to_reverse(self, original: i32) -> i32 {
        self.floored(-original)
    }

    fn floored(self, points: i32) -> i32 {
        if points >= 0 {
            return points;
        }
        let lowest = (STARTING_REPUTATION - self.total).min(0);
        i64::from(points).max(lowest) as i32
    }
}

/// One line of a person's reputation ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReputationEvent {
    pub reason: ReputationReason,
    /// Whether this line takes back an earlier one (a vote withdrawn, a post deleted).
    pub reversal: bool,
    /// What it moved, after the cap and the floor.
    pub points: i32,
    pub at: DateTime<Utc>,
}

/// A person's ledger replayed in memory: the same rules the server applies row by row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    pub events: Vec<ReputationEvent>,
}

impl Ledger {
    pub fn total(&self) -> i64 {
        STARTING_REPUTATION + self.events.iter().map(|e| i64::from(e.points)).sum::<i64>()
    }

    pub fn standing_on(&self, day: NaiveDate) -> Standing {
        Standing {
            total: self.total(),
            from_votes_today: self
                .events
                .iter()
                .filter(|e| e.reason.from_votes() && !e.reversal && e.at.date_naive() == day)
                .map(|e| i64::from(e.points))
                .sum(),
        }
    }

    /// Writes an event of `reason` at `at`; returns its index.
    pub fn record(&mut self, reason: ReputationReason, at: DateTime<Utc>) -> usize {
        let points = self.standing_on(at.date_naive()).points_for(reason);
        self.push(reason, false, points, at)
    }

    /// Takes back the event at `index`.
    pub fn reverse(&mut self, index: usize, at: DateTime<Utc>) -> usize {
        let original = &self.events[index];
        let reason = original.reason;
        let points = self
            .standing_on(at.date_naive())
            .points_to_reverse(original.points);
        self.push(reason, true, points, at)
    }

    fn push(
        &mut self,
        reason: ReputationReason,
        reversal: bool,
        points: i32,
        at: DateTime<Utc>,
    ) -> usize {
        self.events.push(ReputationEvent {
            reason,
            reversal,
            points,
            at,
        });
        self.events.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap()
    }

    #[test]
    fn an_upvote_is_worth_ten_and_an_accepted_answer_fifteen() {
        let mut ledger = Ledger::default();
        ledger.record(ReputationReason::UpvoteReceived, noon());
        ledger.record(ReputationReason::AnswerAccepted, noon());
        assert_eq!(ledger.total(), 1 + 10 + 15);
    }

    #[test]
    fn votes_stop_paying_at_two_hundred_a_day_but_accepts_do_not() {
        let mut ledger = Ledger::default();
        for _ in 0..25 {
            ledger.record(ReputationReason::UpvoteReceived, noon());
        }
        assert_eq!(ledger.total(), 1 + 200);
        ledger.record(ReputationReason::AnswerAccepted, noon());
        assert_eq!(ledger.total(), 1 + 200 + 15);
        ledger.record(ReputationReason::UpvoteReceived, noon() + Duration::days(1));
        assert_eq!(
            ledger.total(),
            1 + 200 + 15 + 10,
            "a new day, a new allowance"
        );
    }

    #[test]
    fn a_downvote_on_a_newcomer_leaves_them_at_one() {
        let mut ledger = Ledger::default();
        ledger.record(ReputationReason::DownvoteReceived, noon());
        assert_eq!(ledger.total(), 1);
        assert_eq!(ledger.events[0].points, 0);
    }

    #[test]
    fn taking_back_a_floored_downvote_gives_back_only_what_it_took() {
        let mut ledger = Ledger::default();
        ledger.record(ReputationReason::UpvoteReceived, noon());
        let downvote = ledger.record(ReputationReason::DownvoteReceived, noon());
        ledger.record(ReputationReason::DownvoteCast, noon());
        assert_eq!(ledger.total(), 1 + 10 - 2 - 1);
        ledger.reverse(downvote, noon());
        assert_eq!(ledger.total(), 1 + 10 - 1);
    }

    fn reasons() -> impl Strategy<Value = ReputationReason> {
        prop::sample::select(ReputationReason::ALL.to_vec())
    }

    /// A person's history: events over a few days, some of them later taken back.
    fn histories() -> impl Strategy<Value = Vec<(ReputationReason, i64, Option<usize>)>> {
        prop::collection::vec((reasons(), 0..72i64, prop::option::of(0..200usize)), 0..200)
    }

    fn replay(history: &[(ReputationReason, i64, Option<usize>)]) -> Ledger {
        let mut ledger = Ledger::default();
        let mut originals = Vec::new();
        for (reason, hours, reverse) in history {
            let at = noon() + Duration::hours(*hours);
            match reverse {
                Some(n) if !originals.is_empty() => {
                    let index = originals.swap_remove(n % originals.len());
                    ledger.reverse(index, at);
                }
                _ => originals.push(ledger.record(*reason, at)),
            }
        }
        ledger
    }

    proptest! {
        #[test]
        fn the_total_is_always_the_start_plus_the_sum_of_events_and_never_below_one(history in histories()) {
            let ledger = replay(&history);
            let mut running = STARTING_REPUTATION;
            for event in &ledger.events {
                running += i64::from(event.points);
                prop_assert!(running >= STARTING_REPUTATION);
            }
            prop_assert_eq!(running, ledger.total());
        }

        #[test]
        fn no_day_gains_more_than_the_cap_from_votes(history in histories()) {
            let ledger = replay(&history);
            let mut by_day = std::collections::BTreeMap::<NaiveDate, i64>::new();
            for event in ledger.events.iter().filter(|e| e.reason.from_votes() && !e.reversal) {
                let day = by_day.entry(event.at.date_naive()).or_default();
                *day += i64::from(event.points);
                prop_assert!(*day <= DAILY_VOTE_CAP);
            }
        }

        #[test]
        fn reversing_an_event_at_once_restores_the_previous_total(history in histories(), reason in reasons()) {
            let mut ledger = replay(&history);
            let before = ledger.total();
            let at = noon() + Duration::hours(80);
            let event = ledger.record(reason, at);
            ledger.reverse(event, at);
            prop_assert_eq!(ledger.total(), before);
        }
    }
}
