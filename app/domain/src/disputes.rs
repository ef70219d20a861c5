//! Disputes between a customer and a chef, decided by a published rule table. Each rule is
//! a row with a name, the reason both sides read, when it applies (from facts the platform
//! knows: timestamps, check-in marks, the agreed quote, the thread, the answer given) and
//! what it rules. The first row that applies decides; when none does, the dispute goes to
//! an admin with the ruling the system would recommend.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::booking::{BookingState, Party, COMPLAINT_WINDOW};

mod case;
pub use case::*;

/// The side that did not open the dispute has this long to answer; silence loses.
/// Photos each side may add to one dispute: enough to show a dish, a room and a receipt.
pub const MAX_EVIDENCE_PHOTOS: usize = 10;

pub const ANSWER_DEADLINE: Duration = Duration::hours(48);
/// A chef who checks in within this long after the start is on time.
pub const ON_TIME_GRACE: Duration = Duration::minutes(15);
/// A chef who has not checked in this long after the start did not come.
pub const NO_SHOW_AFTER: Duration = Duration::minutes(90);
/// Lateness refunds this share per started half hour late, up to [`LATE_REFUND_CAP_BP`].
pub const LATE_REFUND_PER_HALF_HOUR_BP: u32 = 1_000;
pub const LATE_REFUND_CAP_BP: u32 = 3_000;
/// More guests than agreed beyond this share is the customer's fault.
pub const GUEST_TOLERANCE_BP: u32 = 1_000;

vocabulary! {
    /// What a dispute is about.
    DisputeCategory {
        ChefNoShow => "chef_no_show", "The chef did not come";
        ChefLate => "chef_late", "The chef was late";
        MenuNotAsAgreed => "menu_not_as_agreed", "The menu was not as agreed";
        Quality => "quality", "The food was not good enough";
        Hygiene => "hygiene", "Hygiene problems";
        Overcharge => "overcharge", "Charged more than agreed";
        CustomerCancelledLate => "customer_cancelled_late", "The customer cancelled late";
        CustomerNoShow => "customer_no_show", "Nobody was there to cook for";
        GuestCountExceeded => "guest_count_exceeded", "More guests than agreed";
    }
}

impl DisputeCategory {
    /// Who may open a dispute of this kind.
    pub fn opened_by(self) -> Party {
        match self {
            Self::CustomerCancelledLate | Self::CustomerNoShow | Self::GuestCountExceeded => {
                Party::Chef
            }
            _ => Party::Customer,
        }
    }
}

/// Why a dispute cannot be opened now, if it cannot.
pub fn may_open(
    category: DisputeCategory,
    by: Party,
    state: BookingState,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), String> {
    if by != category.opened_by() {
        return Err(format!(
            "“{}” is for {} to raise.",
            category.label(),
            category.opened_by().label().to_lowercase()
        ));
    }
    let closes = ends_at + COMPLAINT_WINDOW;
    let open = match category {
        // Cancellations are disputed within the window after the event would have ended.
        DisputeCategory::CustomerCancelledLate => state == BookingState::Cancelled,
        // Anything else is known from the start of the event, paid for and not yet released
        // (a booking paid the day before may not be confirmed yet when the event starts).
        _ => {
            matches!(
                state,
                BookingState::Paid | BookingState::Confirmed | BookingState::Completed
            ) && now >= starts_at
        }
    };
    if !open || now > closes {
        return Err(format!(
            "Disputes about this are opened between the start of the event and {} hours after it ends.",
            COMPLAINT_WINDOW.num_hours()
        ));
    }
    Ok(())
}

/// The categories `by` may open a dispute in now, in the order forms list them.
pub fn openable_categories(
    by: Party,
    state: BookingState,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<DisputeCategory> {
    DisputeCategory::ALL
        .iter()
        .copied()
        .filter(|category| may_open(*category, by, state, starts_at, ends_at, now).is_ok())
        .collect()
}

/// What the other side did by the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum Answer {
    /// Still within the deadline.
    Pending,
    /// Nothing by the deadline.
    Silent,
    /// Agrees with the claim as made.
    Accepted,
    /// Offers part of the payment back; `taken` once the claimant says yes.
    CounterOffer { refund_bp: u32, taken: bool },
    /// Disagrees, with evidence.
    Contested,
}

/// What the platform knows when it decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisputeFacts {
    pub category: DisputeCategory,
    /// Paid by the customer, and still held in escrow (what a refund can come from).
    pub paid_minor: i64,
    pub held_minor: i64,
    /// What the claimant asks back, in basis points of the payment (a chef's claim asks
    /// that nothing be refunded: 0).
    pub claimed_refund_bp: u32,
    pub starts_at: DateTime<Utc>,
    /// When the chef marked their arrival, if they did.
    pub chef_checked_in_at: Option<DateTime<Utc>>,
    pub answer: Answer,
    /// Dishes agreed, and how many the customer says were missing or replaced.
    pub agreed_dishes: u32,
    pub dishes_reported_missing: u32,
    /// The total the customer accepted, and what was charged.
    pub quoted_total_minor: i64,
    pub agreed_guests: u32,
    /// Guests the chef counted, for a guest-count claim.
    pub guests_reported: Option<u32>,
    /// Whether the chef wrote in the thread in the day before the event (a sign they
    /// were coming, or warned of a delay).
    pub chef_wrote_before_event: bool,
    /// The customer's food rating of this booking, if they reviewed it.
    pub customer_food_rating: Option<u8>,
}

/// What a ruling does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ruling {
    /// The rule's name, e.g. `chef-never-checked-in`.
    pub rule: String,
    /// Why, in words both sides read.
    pub reason: String,
    /// Back to the customer; the rest of what is held goes to the chef.
    pub refund_minor: i64,
    /// Whose reliability record the ruling marks, if anyone's.
    pub penalised: Option<Party>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// The answer deadline has not passed and nobody agreed yet.
    Waiting,
    Ruled(Ruling),
    /// No rule decides: an admin does, starting from this recommendation.
    ToAdmin {
        recommended: Ruling,
        why: String,
    },
}

/// One row of the rule table.
pub struct Rule {
    pub name: &'static str,
    pub reason: &'static str,
    applies: fn(&DisputeFacts) -> bool,
    /// The refund in basis points of the payment, and who is penalised.
    outcome: fn(&DisputeFacts) -> (u32, Option<Party>),
}

fn claimant(facts: &DisputeFacts) -> Party {
    facts.category.opened_by()
}

fn minutes_late(facts: &DisputeFacts) -> Option<i64> {
    facts
        .chef_checked_in_at
        .map(|at| (at - facts.starts_at).num_minutes().max(0))
}

fn late_refund_bp(facts: &DisputeFacts) -> u32 {
    let half_hours = minutes_late(facts).map_or(0, |m| (m + 29) / 30);
    (u32::try_from(half_hours).unwrap_or(u32::MAX))
        .saturating_mul(LATE_REFUND_PER_HALF_HOUR_BP)
        .min(LATE_REFUND_CAP_BP)
}

fn checked_in_on_time(facts: &DisputeFacts) -> bool {
    facts
        .chef_checked_in_at
        .is_some_and(|at| at <= facts.starts_at + ON_TIME_GRACE)
}

fn never_checked_in(facts: &DisputeFacts) -> bool {
    facts
        .chef_checked_in_at
        .is_none_or(|at| at > facts.starts_at + NO_SHOW_AFTER)
}

fn guests_exceeded(facts: &DisputeFacts) -> bool {
    let allowed = u64::from(facts.agreed_guests) * u64::from(10_000 + GUEST_TOLERANCE_BP);
    facts
        .guests_reported
        .is_some_and(|counted| u64::from(counted) * 10_000 > allowed)
}

/// The table, in the order it is read: the answer first (silence and agreement settle it as
/// claimed), then the facts the platform measured itself.
pub const RULES: &[Rule] = &[
    Rule {
        name: "silence-loses",
        reason: "The other side did not answer within 48 hours, so the claim stands as made.",
        applies: |f| f.answer == Answer::Silent,
        outcome: |f| (f.claimed_refund_bp, Some(claimant(f).other())),
    },
    Rule {
        name: "claim-accepted",
        reason: "The other side accepted the claim.",
        applies: |f| f.answer == Answer::Accepted,
        outcome: |f| (f.claimed_refund_bp, Some(claimant(f).other())),
    },
    Rule {
        name: "counter-offer-taken",
        reason: "The claimant took the other side's offer.",
        applies: |f| matches!(f.answer, Answer::CounterOffer { taken: true, .. }),
        outcome: |f| match f.answer {
            Answer::CounterOffer { refund_bp, .. } => (refund_bp, None),
            _ => (0, None),
        },
    },
    Rule {
        name: "chef-never-checked-in",
        reason: "The chef did not check in within 90 minutes of the start: the customer gets everything back.",
        applies: |f| f.category == DisputeCategory::ChefNoShow && never_checked_in(f),
        outcome: |_| (10_000, Some(Party::Chef)),
    },
    Rule {
        name: "chef-checked-in-on-time",
        reason: "The chef checked in within 15 minutes of the start, so they came and were on time.",
        applies: |f| {
            matches!(f.category, DisputeCategory::ChefNoShow | DisputeCategory::ChefLate)
                && checked_in_on_time(f)
        },
        outcome: |_| (0, None),
    },
    Rule {
        name: "late-by-the-check-in",
        reason: "The chef checked in late: 10% back for every started half hour, up to 30%.",
        applies: |f| f.category == DisputeCategory::ChefLate && f.chef_checked_in_at.is_some(),
        outcome: |f| (late_refund_bp(f), Some(Party::Chef)),
    },
    Rule {
        name: "charged-as-quoted",
        reason: "The charge equals the quote the customer accepted, line by line.",
        applies: |f| f.category == DisputeCategory::Overcharge && f.paid_minor <= f.quoted_total_minor,
        outcome: |_| (0, None),
    },
    Rule {
        name: "charged-above-quote",
        reason: "The charge was more than the accepted quote: the difference comes back.",
        applies: |f| f.category == DisputeCategory::Overcharge && f.paid_minor > f.quoted_total_minor,
        outcome: |f| {
            let over = f.paid_minor - f.quoted_total_minor;
            let bp = (over * 10_000 + f.paid_minor - 1) / f.paid_minor.max(1);
            (u32::try_from(bp).unwrap_or(10_000), Some(Party::Chef))
        },
    },
    Rule {
        name: "chef-was-there",
        reason: "The chef checked in on time and wrote before the event: the customer did not let them cook.",
        applies: |f| {
            f.category == DisputeCategory::CustomerNoShow
                && checked_in_on_time(f)
                && f.chef_wrote_before_event
        },
        outcome: |_| (0, Some(Party::Customer)),
    },
    Rule {
        name: "guests-over-the-agreed-count",
        reason: "The chef counted more than 10% more guests than agreed; the payment is released in full.",
        applies: |f| f.category == DisputeCategory::GuestCountExceeded && guests_exceeded(f),
        outcome: |_| (0, Some(Party::Customer)),
    },
    Rule {
        name: "late-cancellation-follows-the-policy",
        reason: "A late cancellation was settled by the published cancellation policy; it stands.",
        applies: |f| f.category == DisputeCategory::CustomerCancelledLate,
        outcome: |_| (0, None),
    },
];

/// What an admin would most likely rule where no row applies: the side with the
/// platform's evidence on it, otherwise a split by the food rating when there is one.
fn recommendation(facts: &DisputeFacts) -> (u32, Option<Party>, String) {
    match facts.category {
        DisputeCategory::MenuNotAsAgreed if facts.agreed_dishes > 0 => {
            let missing = facts.dishes_reported_missing.min(facts.agreed_dishes);
            let bp = missing * 10_000 / facts.agreed_dishes / 2;
            (
                bp,
                (bp > 0).then_some(Party::Chef),
                format!(
                    "{missing} of {} agreed dishes reported missing; half their share back",
                    facts.agreed_dishes
                ),
            )
        }
        DisputeCategory::Quality | DisputeCategory::Hygiene => match facts.customer_food_rating {
            Some(rating) if rating <= 2 => (
                2_500,
                Some(Party::Chef),
                format!("the customer rated the food {rating} of 5; a quarter back"),
            ),
            Some(rating) => (
                0,
                None,
                format!("the customer rated the food {rating} of 5"),
            ),
            None => (0, None, "no review to weigh the claim against".to_owned()),
        },
        _ => (0, None, "the facts on record do not settle it".to_owned()),
    }
}

/// The refund a share of the payment makes, rounded half up, never more than is held.
pub fn refund_for(facts: &DisputeFacts, share_bp: u32) -> i64 {
    let share = (facts.paid_minor.max(0) * i64::from(share_bp.min(10_000)) + 5_000) / 10_000;
    share.clamp(0, facts.held_minor.max(0))
}

/// Decides a dispute from its facts, by the first rule that applies.
pub fn decide(facts: &DisputeFacts) -> Decision {
    if facts.answer == Answer::Pending {
        return Decision::Waiting;
    }
    for rule in RULES {
        if (rule.applies)(facts) {
            let (share_bp, penalised) = (rule.outcome)(facts);
            return Decision::Ruled(Ruling {
                rule: rule.name.to_owned(),
                reason: rule.reason.to_owned(),
                refund_minor: refund_for(facts, share_bp),
                penalised,
            });
        }
    }
    let (share_bp, penalised, why) = recommendation(facts);
    Decision::ToAdmin {
        recommended: Ruling {
            rule: "admin".to_owned(),
            reason: format!("Recommended to the admin: {why}."),
            refund_minor: refund_for(facts, share_bp),
            penalised,
        },
        why: "No rule in the table decides this dispute from the facts on record.".to_owned(),
    }
}

#[cfg(test)]
mod tests;
