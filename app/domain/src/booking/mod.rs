//! A booking's life, as an explicit state machine: every allowed step is listed in
//! [`BookingState::after`], anything else is refused with the reason. Timed steps (expiry,
//! reminders, release of the payment) are decided from deadlines computed here, from the
//! clock the caller passes in, so tests can move time.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

mod forms;
mod posted;
pub use forms::*;
pub use posted::*;

vocabulary! {
    /// Where a booking stands; the label is how a booking page says it.
    BookingState {
        /// The customer asked; no chef has answered yet.
        Requested => "requested", "Waiting for the chef";
        /// A chef answered with a menu and a quote.
        Proposed => "proposed", "Proposal received";
        /// Both agree; the chef's calendar is held.
        Accepted => "accepted", "Accepted: waiting for payment";
        /// The customer paid; the money waits in escrow.
        Paid => "paid", "Paid: held until after the event";
        /// The chef confirmed they will cook.
        Confirmed => "confirmed", "Confirmed";
        /// The event took place; the complaint window is open.
        Completed => "completed", "Event done: complaint window open";
        /// The complaint window closed and the chef was paid.
        Released => "released", "Completed and paid out";
        Cancelled => "cancelled", "Cancelled";
        /// Nobody answered in time.
        Expired => "expired", "Expired";
        Declined => "declined", "Declined";
    }
}

vocabulary! {
    /// Who asks for a step.
    Party {
        Customer => "customer", "The customer";
        Chef => "chef", "The chef";
        /// The platform's own scheduled work.
        System => "system", "Chef Galaxy";
    }
}

vocabulary! {
    /// A step in a booking's life.
    BookingEvent {
        Propose => "propose", "Propose";
        Accept => "accept", "Accept";
        Decline => "decline", "Decline";
        Pay => "pay", "Pay";
        Confirm => "confirm", "Confirm";
        Complete => "complete", "Complete";
        Release => "release", "Release";
        Cancel => "cancel", "Cancel";
        Expire => "expire", "Expire";
        /// A dispute's ruling settled the money: the booking is done with.
        Settle => "settle", "Settle the dispute";
    }
}

impl BookingEvent {
    /// The words on the button for this step, as `viewer` sees it in `state`: a customer
    /// withdraws their request and answers a chef's proposal.
    pub fn button_label(self, state: BookingState, viewer: Party) -> &'static str {
        use BookingState as S;
        match (self, state, viewer) {
            (Self::Accept, S::Proposed, Party::Customer) => "Accept the proposal",
            (Self::Decline, S::Proposed, Party::Customer) => "Decline the proposal",
            (Self::Decline, _, _) => "Decline the request",
            (Self::Cancel, S::Requested | S::Proposed, Party::Customer) => "Withdraw the request",
            (Self::Cancel, _, _) => "Cancel booking",
            (Self::Confirm, _, Party::Chef) => "Confirm I will cook",
            (event, _, _) => event.label(),
        }
    }
}

impl Party {
    /// The other side of a booking (the platform's other side is the customer's).
    pub fn other(self) -> Party {
        match self {
            Party::Customer => Party::Chef,
            _ => Party::Customer,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RefusedStep(pub String);

impl BookingState {
    /// The steps `party` may take now (the ones a page offers as buttons).
    pub fn steps_for(self, party: Party) -> Vec<BookingEvent> {
        BookingEvent::ALL
            .iter()
            .copied()
            .filter(|event| self.after(*event, party).is_ok())
            .collect()
    }

    /// The steps a booking's page offers `party` as buttons: the allowed ones, less a
    /// customer's "decline" of their own request, which withdrawing (cancel) already covers.
    /// Declining stays a step the platform takes for the customer (rival proposals).
    pub fn offered_steps(self, party: Party) -> Vec<BookingEvent> {
        let mut steps = self.steps_for(party);
        if (self, party) == (Self::Requested, Party::Customer) {
            steps.retain(|step| *step != BookingEvent::Decline);
        }
        steps
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Released | Self::Cancelled | Self::Expired | Self::Declined
        )
    }

    /// Whether the booking holds the chef's calendar.
    pub fn holds_calendar(self) -> bool {
        matches!(
            self,
            Self::Accepted | Self::Paid | Self::Confirmed | Self::Completed
        )
    }

    /// The state after `event` asked by `party`, or why that step is not allowed.
    pub fn after(self, event: BookingEvent, party: Party) -> Result<BookingState, RefusedStep> {
        use BookingEvent as E;
        use BookingState as S;
        use Party as P;
        let next = match (self, event, party) {
            (S::Requested, E::Propose, P::Chef) => S::Proposed,
            // A direct booking names the chef and the menu: the chef may accept it as it is.
            (S::Requested, E::Accept, P::Chef) => S::Accepted,
            (S::Proposed, E::Propose, P::Chef) => S::Proposed,
            (S::Proposed, E::Accept, P::Customer) => S::Accepted,
            (S::Requested | S::Proposed, E::Decline, P::Chef | P::Customer) => S::Declined,
            (S::Requested | S::Proposed | S::Accepted, E::Expire, P::System) => S::Expired,
            (S::Accepted, E::Pay, P::Customer) => S::Paid,
            (S::Paid, E::Confirm, P::Chef | P::System) => S::Confirmed,
            (S::Confirmed, E::Complete, P::Chef | P::System) => S::Completed,
            (S::Completed, E::Release, P::System) => S::Released,
            (S::Paid | S::Confirmed | S::Completed, E::Settle, P::System) => S::Released,
            (
                S::Requested | S::Proposed | S::Accepted | S::Paid | S::Confirmed,
                E::Cancel,
                P::Customer | P::Chef,
            ) => S::Cancelled,
            (state, event, party) => {
                return Err(RefusedStep(format!(
                    "A booking that is {} cannot take “{event:?}” from {party:?}.",
                    state.code()
                )))
            }
        };
        Ok(next)
    }
}

/// How long each side has, and when reminders go out.
pub const PROPOSAL_LIFETIME: Duration = Duration::hours(72);
pub const CHEF_ANSWER_DEADLINE: Duration = Duration::hours(48);
pub const PAYMENT_DEADLINE: Duration = Duration::hours(48);
/// A chef who accepted a booking has this long after payment to withdraw; then the
/// platform confirms it for them.
pub const CONFIRMATION_WINDOW: Duration = Duration::hours(24);
pub const REMINDERS_BEFORE: [Duration; 2] = [Duration::days(7), Duration::days(1)];
/// After the event, the customer may complain this long before the chef is paid.
pub const COMPLAINT_WINDOW: Duration = Duration::hours(24);

/// When a step happens by itself if nobody acts: the deadline of the state `state` entered
/// at `entered`, for an event from `starts_at` to `ends_at`.
pub fn deadline(
    state: BookingState,
    entered: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> Option<(DateTime<Utc>, BookingEvent)> {
    match state {
        BookingState::Requested => Some((entered + CHEF_ANSWER_DEADLINE, BookingEvent::Expire)),
        BookingState::Proposed => Some((entered + PROPOSAL_LIFETIME, BookingEvent::Expire)),
        BookingState::Accepted => Some((entered + PAYMENT_DEADLINE, BookingEvent::Expire)),
        BookingState::Paid => Some((entered + CONFIRMATION_WINDOW, BookingEvent::Confirm)),
        BookingState::Confirmed => Some((ends_at, BookingEvent::Complete)),
        // The window opens when the event ends, however late the platform marks it done.
        BookingState::Completed => Some((ends_at + COMPLAINT_WINDOW, BookingEvent::Release)),
        _ => None,
    }
}

/// The published cancellation policy: what share of the payment comes back, in basis
/// points, when `by` cancels `days_before` whole days before the event.
pub fn refund_share_bp(by: Party, days_before: i64) -> u32 {
    match by {
        // A chef who withdraws never costs the customer anything.
        Party::Chef | Party::System => 10_000,
        Party::Customer => match days_before {
            30.. => 10_000,
            14..=29 => 5_000,
            7..=13 => 2_500,
            _ => 0,
        },
    }
}

/// What comes back of `paid_minor` when `by` cancels `days_before` the event: the
/// policy's share, rounded half up.
pub fn policy_refund_minor(paid_minor: i64, by: Party, days_before: i64) -> i64 {
    (paid_minor * i64::from(refund_share_bp(by, days_before)) + 5_000).div_euclid(10_000)
}

/// The policy in words, for the site.
pub const CANCELLATION_POLICY: [(&str, &str); 5] = [
    ("30 days or more before the event", "full refund"),
    ("14 to 29 days before", "50% refunded"),
    ("7 to 13 days before", "25% refunded"),
    ("less than 7 days before", "no refund"),
    ("the chef cancels, at any time", "full refund"),
];

/// A chef may mark their arrival from this long before the start until the event ends: the
/// mark is the fact disputes about no-shows and lateness are decided on.
pub const CHECK_IN_OPENS_BEFORE: Duration = Duration::hours(2);

/// Why the chef cannot check in now, if they cannot.
pub fn may_check_in(
    state: BookingState,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), RefusedStep> {
    if !matches!(state, BookingState::Paid | BookingState::Confirmed) {
        return Err(RefusedStep(format!(
            "A booking that is {} takes no check-in.",
            state.code()
        )));
    }
    if now < starts_at - CHECK_IN_OPENS_BEFORE || now > ends_at {
        return Err(RefusedStep(
            "Check in on the day: from two hours before the start until the event ends.".into(),
        ));
    }
    Ok(())
}

/// Whole days from `now` to the event's start (negative once it has begun).
pub fn days_before(now: DateTime<Utc>, starts_at: DateTime<Utc>) -> i64 {
    (starts_at - now).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use BookingEvent as E;
    use BookingState as S;

    #[test]
    fn a_direct_booking_runs_from_request_to_release() {
        let steps = [
            (E::Accept, Party::Chef, S::Accepted),
            (E::Pay, Party::Customer, S::Paid),
            (E::Confirm, Party::Chef, S::Confirmed),
            (E::Complete, Party::System, S::Completed),
            (E::Release, Party::System, S::Released),
        ];
        let mut state = S::Requested;
        for (event, party, expected) in steps {
            state = state.after(event, party).unwrap();
            assert_eq!(state, expected);
        }
        assert!(state.is_final());
    }

    #[test]
    fn a_posted_request_takes_proposals_which_the_customer_accepts() {
        let proposed = S::Requested.after(E::Propose, Party::Chef).unwrap();
        let edited = proposed.after(E::Propose, Party::Chef).unwrap();
        assert_eq!(
            edited.after(E::Accept, Party::Customer).unwrap(),
            S::Accepted
        );
        assert!(
            proposed.after(E::Accept, Party::Chef).is_err(),
            "the chef cannot accept their own proposal"
        );
    }

    #[test]
    fn steps_out_of_order_or_by_the_wrong_party_are_refused() {
        assert!(S::Requested.after(E::Pay, Party::Customer).is_err());
        assert!(
            S::Completed.after(E::Release, Party::Chef).is_err(),
            "only the platform releases money"
        );
        assert!(
            S::Completed.after(E::Cancel, Party::Customer).is_err(),
            "too late to cancel"
        );
        assert!(S::Released.after(E::Cancel, Party::Chef).is_err());
        let refused = S::Paid.after(E::Pay, Party::Customer).unwrap_err();
        assert!(refused.0.contains("paid"), "{refused}");
    }

    #[test]
    fn a_customer_is_offered_to_withdraw_their_request_not_to_decline_it() {
        let offered = S::Requested.offered_steps(Party::Customer);
        assert_eq!(offered, vec![E::Cancel]);
        assert_eq!(
            E::Cancel.button_label(S::Requested, Party::Customer),
            "Withdraw the request"
        );
        assert!(S::Requested
            .offered_steps(Party::Chef)
            .contains(&E::Decline));
        assert_eq!(
            E::Decline.button_label(S::Proposed, Party::Customer),
            "Decline the proposal"
        );
        assert_eq!(
            E::Cancel.button_label(S::Paid, Party::Customer),
            "Cancel booking"
        );
    }

    #[test]
    fn only_held_bookings_keep_the_chefs_calendar() {
        assert!(S::Paid.holds_calendar());
        assert!(!S::Proposed.holds_calendar() && !S::Cancelled.holds_calendar());
    }

    #[test]
    fn deadlines_follow_the_state() {
        let entered = Utc.with_ymd_and_hms(2027, 5, 1, 12, 0, 0).unwrap();
        let ends = Utc.with_ymd_and_hms(2027, 6, 1, 23, 0, 0).unwrap();
        assert_eq!(
            deadline(S::Proposed, entered, ends),
            Some((entered + Duration::hours(72), E::Expire))
        );
        assert_eq!(
            deadline(S::Confirmed, entered, ends),
            Some((ends, E::Complete))
        );
        assert_eq!(
            deadline(S::Completed, ends + Duration::days(3), ends),
            Some((ends + Duration::hours(24), E::Release)),
            "the complaint window runs from the event's end"
        );
        assert_eq!(
            deadline(S::Paid, entered, ends),
            Some((entered + Duration::hours(24), E::Confirm))
        );
        assert_eq!(deadline(S::Released, entered, ends), None);
    }

    #[test]
    fn a_chef_checks_in_on_the_day_of_a_paid_booking_only() {
        let starts = Utc.with_ymd_and_hms(2027, 6, 12, 19, 0, 0).unwrap();
        let ends = starts + Duration::hours(4);
        let at = |hours: i64| starts + Duration::hours(hours);
        assert!(may_check_in(S::Confirmed, starts, ends, at(-2)).is_ok());
        assert!(may_check_in(S::Paid, starts, ends, at(1)).is_ok());
        assert!(
            may_check_in(S::Confirmed, starts, ends, at(-3)).is_err(),
            "too early"
        );
        assert!(
            may_check_in(S::Confirmed, starts, ends, at(5)).is_err(),
            "over"
        );
        assert!(
            may_check_in(S::Accepted, starts, ends, at(0)).is_err(),
            "not paid"
        );
    }

    #[test]
    fn the_later_a_customer_cancels_the_less_comes_back() {
        let shares: Vec<u32> = [45, 30, 29, 14, 13, 7, 6, 0]
            .into_iter()
            .map(|days| refund_share_bp(Party::Customer, days))
            .collect();
        assert_eq!(shares, [10_000, 10_000, 5_000, 5_000, 2_500, 2_500, 0, 0]);
        assert_eq!(refund_share_bp(Party::Chef, 0), 10_000);
    }
}
