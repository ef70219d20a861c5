//! A dispute as it moves: what the forms send, the statuses it passes through, and what each
//! side (and an admin) sees of it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{DisputeCategory, Ruling};
use crate::{booking::Party, FieldError};

/// After a ruling by the table, either side may appeal to an admin this long; the chef's
/// share is not paid out before.
pub const APPEAL_WINDOW: Duration = Duration::hours(72);
pub const MIN_DESCRIPTION_CHARS: usize = 10;
pub const MAX_DESCRIPTION_CHARS: usize = 4_000;
/// Evidence is a handful of photos and message references, not an archive.
pub const MAX_EVIDENCE_ITEMS: usize = 10;

vocabulary! {
    /// Where a dispute stands.
    DisputeStatus {
        /// The other side has until the deadline to accept, counter-offer or contest.
        AwaitingAnswer => "awaiting_answer", "Waiting for the other side's answer";
        /// The other side offered part of the payment back; the claimant takes it or not.
        CounterOffered => "counter_offered", "Counter-offer made";
        /// No rule decides: an admin rules.
        WithAdmin => "with_admin", "With an admin";
        /// Ruled and settled; either side may still appeal once.
        Ruled => "ruled", "Ruled";
        /// Appealed: an admin decides once more, for good.
        Appealed => "appealed", "Appealed";
        /// Decided for good.
        Closed => "closed", "Closed";
    }
}

impl DisputeStatus {
    /// Whether the booking's money stays held while the dispute is in this status.
    pub fn holds_money(self) -> bool {
        matches!(
            self,
            Self::AwaitingAnswer | Self::CounterOffered | Self::WithAdmin
        )
    }

    /// Whether an admin has something to decide.
    pub fn needs_admin(self) -> bool {
        matches!(self, Self::WithAdmin | Self::Appealed)
    }
}

vocabulary! {
    /// One line of a dispute's audit trail.
    DisputeEventKind {
        Opened => "opened", "Opened the dispute";
        Evidence => "evidence", "Added evidence";
        Accepted => "accepted", "Accepted the claim";
        CounterOffered => "counter_offered", "Offered a partial refund";
        OfferTaken => "offer_taken", "Took the offer";
        OfferRefused => "offer_refused", "Refused the offer";
        Contested => "contested", "Contested the claim";
        DeadlinePassed => "deadline_passed", "Did not answer in time";
        SentToAdmin => "sent_to_admin", "Sent to an admin";
        Ruled => "ruled", "Ruled";
        Appealed => "appealed", "Appealed";
        AppealDecided => "appeal_decided", "Decided the appeal";
    }
}

/// Opening a dispute on a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenDisputeForm {
    pub category: DisputeCategory,
    pub description: String,
    /// The share of the payment a customer asks back, in percent (a chef's claim asks that
    /// nothing be refunded). Defaults to everything for a customer.
    #[serde(default)]
    pub refund_percent: Option<u32>,
    /// Messages of the booking's thread that show what happened.
    #[serde(default)]
    pub message_ids: Vec<i64>,
    /// For "menu not as agreed": how many of the agreed dishes were missing or replaced.
    #[serde(default)]
    pub dishes_missing: Option<u32>,
    /// For "more guests than agreed": how many the chef counted.
    #[serde(default)]
    pub guests_counted: Option<u32>,
}

/// An open dispute's claim, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidClaim {
    pub category: DisputeCategory,
    pub description: String,
    pub claimed_refund_bp: u32,
    pub message_ids: Vec<i64>,
    pub dishes_missing: Option<u32>,
    pub guests_counted: Option<u32>,
}

/// A description or statement: trimmed, long enough to say something, not endless. The
/// upper bound counts what was sent, spaces included, as the API schema does.
pub fn validate_statement(field: &str, text: &str) -> Result<String, FieldError> {
    let sent_chars = text.chars().count();
    let text = text.trim();
    if text.chars().count() < MIN_DESCRIPTION_CHARS {
        return Err(FieldError::new(
            field,
            format!("Say what happened in at least {MIN_DESCRIPTION_CHARS} characters."),
        ));
    }
    if sent_chars > MAX_DESCRIPTION_CHARS {
        return Err(FieldError::new(
            field,
            format!("Keep it under {MAX_DESCRIPTION_CHARS} characters."),
        ));
    }
    Ok(text.to_owned())
}

fn validate_percent(field: &str, percent: u32) -> Result<u32, FieldError> {
    if percent > 100 {
        return Err(FieldError::new(field, "A share is between 0% and 100%."));
    }
    Ok(percent * 100)
}

fn validate_message_ids(ids: &[i64]) -> Result<Vec<i64>, FieldError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > MAX_EVIDENCE_ITEMS {
        return Err(FieldError::new(
            "message_ids",
            format!("Point to at most {MAX_EVIDENCE_ITEMS} messages."),
        ));
    }
    Ok(ids)
}

impl OpenDisputeForm {
    /// Checks the claim as `by` makes it. Whether the booking may be disputed now is
    /// [`super::may_open`]'s question.
    pub fn validate(&self, by: Party, agreed_dishes: u32) -> Result<ValidClaim, FieldError> {
        let description = validate_statement("description", &self.description)?;
        let claimed_refund_bp = match by {
            Party::Customer => {
                validate_percent("refund_percent", self.refund_percent.unwrap_or(100))?
            }
            _ => 0,
        };
        let dishes_missing = match self.category {
            DisputeCategory::MenuNotAsAgreed => match self.dishes_missing {
                Some(missing) if (1..=agreed_dishes).contains(&missing) => Some(missing),
                _ => {
                    return Err(FieldError::new(
                        "dishes_missing",
                        format!("Say how many of the {agreed_dishes} agreed dishes were missing or replaced."),
                    ))
                }
            },
            _ => None,
        };
        let guests_counted = match self.category {
            DisputeCategory::GuestCountExceeded => match self.guests_counted {
                Some(count) if (1..=10_000).contains(&count) => Some(count),
                _ => {
                    return Err(FieldError::new(
                        "guests_counted",
                        "Say how many guests you counted.",
                    ))
                }
            },
            _ => None,
        };
        Ok(ValidClaim {
            category: self.category,
            description,
            claimed_refund_bp,
            message_ids: validate_message_ids(&self.message_ids)?,
            dishes_missing,
            guests_counted,
        })
    }
}

/// The other side's answer, as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AnswerForm {
    /// Agree with the claim as made.
    Accept,
    /// Offer this share of the payment back instead.
    CounterOffer {
        refund_percent: u32,
        #[serde(default)]
        statement: String,
    },
    /// Disagree, saying why, with messages of the thread as evidence.
    Contest {
        statement: String,
        #[serde(default)]
        message_ids: Vec<i64>,
    },
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidAnswer {
    Accept,
    CounterOffer {
        refund_bp: u32,
        statement: String,
    },
    Contest {
        statement: String,
        message_ids: Vec<i64>,
    },
}

impl AnswerForm {
    /// A counter-offer must offer less than was claimed (more would be accepting).
    pub fn validate(&self, claimed_refund_bp: u32) -> Result<ValidAnswer, FieldError> {
        match self {
            AnswerForm::Accept => Ok(ValidAnswer::Accept),
            AnswerForm::CounterOffer {
                refund_percent,
                statement,
            } => {
                let refund_bp = validate_percent("refund_percent", *refund_percent)?;
                if refund_bp >= claimed_refund_bp {
                    return Err(FieldError::new(
                        "refund_percent",
                        format!(
                            "The claim asks {}% back: offer less, or accept it.",
                            claimed_refund_bp / 100
                        ),
                    ));
                }
                Ok(ValidAnswer::CounterOffer {
                    refund_bp,
                    statement: statement
                        .trim()
                        .chars()
                        .take(MAX_DESCRIPTION_CHARS)
                        .collect(),
                })
            }
            AnswerForm::Contest {
                statement,
                message_ids,
            } => Ok(ValidAnswer::Contest {
                statement: validate_statement("statement", statement)?,
                message_ids: validate_message_ids(message_ids)?,
            }),
        }
    }
}

/// An admin's ruling, as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminRulingForm {
    /// Back to the customer, in minor units of the booking's currency.
    pub refund_minor: i64,
    /// `chef`, `customer`, or none.
    #[serde(default)]
    pub penalised: Option<Party>,
    pub reason: String,
}

impl AdminRulingForm {
    pub fn validate(&self, paid_minor: i64) -> Result<Ruling, FieldError> {
        if !(0..=paid_minor).contains(&self.refund_minor) {
            return Err(FieldError::new(
                "refund_minor",
                format!("A refund is between 0 and the {paid_minor} paid."),
            ));
        }
        if self.penalised == Some(Party::System) {
            return Err(FieldError::new(
                "penalised",
                "Penalise the chef, the customer, or nobody.",
            ));
        }
        Ok(Ruling {
            rule: "admin".to_owned(),
            reason: validate_statement("reason", &self.reason)?,
            refund_minor: self.refund_minor,
            penalised: self.penalised,
        })
    }
}

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputeEvent {
    pub at: DateTime<Utc>,
    pub kind: DisputeEventKind,
    pub kind_label: String,
    /// Who: the customer, the chef, or the platform (a deadline, a rule, an admin).
    pub by: Party,
    /// The admin's name when an admin acted.
    pub admin: Option<String>,
    pub text: String,
    pub message_ids: Vec<i64>,
    /// Photos, as URLs of the stored files.
    pub photo_urls: Vec<String>,
    pub ruling: Option<Ruling>,
}

/// A dispute as one side, or an admin, sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputeView {
    pub id: i64,
    pub booking_id: i64,
    pub category: DisputeCategory,
    pub category_label: String,
    pub opened_by: Party,
    pub opened_at: DateTime<Utc>,
    pub description: String,
    pub claimed_refund_bp: u32,
    pub status: DisputeStatus,
    pub status_label: String,
    /// When the other side's answer (or the claimant's word on a counter-offer) is due.
    pub answer_due_at: Option<DateTime<Utc>>,
    pub counter_offer_bp: Option<u32>,
    /// The ruling in force, if any, and until when it may be appealed.
    pub ruling: Option<Ruling>,
    pub appeal_closes_at: Option<DateTime<Utc>>,
    /// What the table recommends to the admin, while an admin has to decide.
    pub recommended: Option<Ruling>,
    pub currency: String,
    pub paid_minor: i64,
    /// What the customer declared about the guests' allergies and diets when booking: a
    /// fact of the case (say, for a food-safety complaint).
    #[serde(default)]
    pub guest_needs: crate::events::GuestNeeds,
    /// The event's city: the dispute's times are written in its clock.
    #[serde(default)]
    pub city: String,
    pub events: Vec<DisputeEvent>,
    /// Which side the viewer is on (`system` for an admin).
    pub viewer: Party,
    /// What the viewer may do now.
    pub may_answer: bool,
    pub may_decide_offer: bool,
    pub may_add_evidence: bool,
    pub may_appeal: bool,
}

/// What the viewer may do on a dispute in `status`: `(answer, decide an offer, add evidence,
/// appeal)`.
pub fn allowed_actions(
    status: DisputeStatus,
    opened_by: Party,
    viewer: Party,
    appeal_closes_at: Option<DateTime<Utc>>,
    already_appealed: bool,
    now: DateTime<Utc>,
) -> (bool, bool, bool, bool) {
    let is_side = matches!(viewer, Party::Customer | Party::Chef);
    let claimant = is_side && viewer == opened_by;
    let respondent = is_side && viewer != opened_by;
    let answer = respondent && status == DisputeStatus::AwaitingAnswer;
    let decide_offer = claimant && status == DisputeStatus::CounterOffered;
    let evidence = is_side && (status.holds_money() || status == DisputeStatus::Appealed);
    let appeal = is_side
        && status == DisputeStatus::Ruled
        && !already_appealed
        && appeal_closes_at.is_some_and(|closes| now < closes);
    (answer, decide_offer, evidence, appeal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn claim(category: DisputeCategory) -> OpenDisputeForm {
        OpenDisputeForm {
            category,
            description: "The main course never arrived.".to_owned(),
            refund_percent: None,
            message_ids: vec![3, 1, 3],
            dishes_missing: None,
            guests_counted: None,
        }
    }

    #[test]
    fn a_customers_claim_asks_everything_back_unless_it_says_otherwise() {
        let valid = claim(DisputeCategory::Quality)
            .validate(Party::Customer, 4)
            .unwrap();
        assert_eq!(valid.claimed_refund_bp, 10_000);
        assert_eq!(valid.message_ids, [1, 3], "each message once");
        let half = OpenDisputeForm {
            refund_percent: Some(50),
            ..claim(DisputeCategory::Quality)
        };
        assert_eq!(
            half.validate(Party::Customer, 4).unwrap().claimed_refund_bp,
            5_000
        );
        let too_much = OpenDisputeForm {
            refund_percent: Some(101),
            ..claim(DisputeCategory::Quality)
        };
        assert_eq!(
            too_much.validate(Party::Customer, 4).unwrap_err().field,
            "refund_percent"
        );
    }

    #[test]
    fn a_chefs_claim_never_asks_for_a_refund() {
        let form = OpenDisputeForm {
            refund_percent: Some(100),
            guests_counted: Some(18),
            ..claim(DisputeCategory::GuestCountExceeded)
        };
        let valid = form.validate(Party::Chef, 4).unwrap();
        assert_eq!(valid.claimed_refund_bp, 0);
        assert_eq!(valid.guests_counted, Some(18));
    }

    #[test]
    fn categories_that_need_a_count_refuse_a_claim_without_one() {
        let menu = claim(DisputeCategory::MenuNotAsAgreed);
        assert_eq!(
            menu.validate(Party::Customer, 4).unwrap_err().field,
            "dishes_missing"
        );
        let too_many = OpenDisputeForm {
            dishes_missing: Some(5),
            ..claim(DisputeCategory::MenuNotAsAgreed)
        };
        assert!(
            too_many.validate(Party::Customer, 4).is_err(),
            "more than were agreed"
        );
        let guests = claim(DisputeCategory::GuestCountExceeded);
        assert_eq!(
            guests.validate(Party::Chef, 4).unwrap_err().field,
            "guests_counted"
        );
    }

    #[test]
    fn a_description_says_something_and_not_everything() {
        assert!(validate_statement("description", "  bad  ").is_err());
        assert!(validate_statement("description", &"x".repeat(MAX_DESCRIPTION_CHARS + 1)).is_err());
        assert_eq!(
            validate_statement("description", "  The oven was filthy.  ").unwrap(),
            "The oven was filthy."
        );
    }

    #[test]
    fn a_counter_offer_offers_less_than_the_claim() {
        let offer = |percent| AnswerForm::CounterOffer {
            refund_percent: percent,
            statement: String::new(),
        };
        assert!(offer(50).validate(5_000).is_err());
        assert_eq!(
            offer(30).validate(5_000).unwrap(),
            ValidAnswer::CounterOffer {
                refund_bp: 3_000,
                statement: String::new()
            }
        );
    }

    #[test]
    fn an_admin_refunds_between_nothing_and_what_was_paid_and_says_why() {
        let form = |refund_minor, reason: &str| AdminRulingForm {
            refund_minor,
            penalised: Some(Party::Chef),
            reason: reason.to_owned(),
        };
        assert!(form(-1, "Refund a negative amount.")
            .validate(10_000)
            .is_err());
        assert!(form(10_001, "More than was paid back.")
            .validate(10_000)
            .is_err());
        assert!(form(5_000, "meh").validate(10_000).is_err());
        let ruling = form(10_000, "The photos show no dinner was served.")
            .validate(10_000)
            .unwrap();
        assert_eq!(
            (ruling.rule.as_str(), ruling.refund_minor),
            ("admin", 10_000)
        );
    }

    #[test]
    fn only_the_other_side_answers_and_only_the_claimant_takes_an_offer() {
        let now = Utc.with_ymd_and_hms(2027, 6, 14, 12, 0, 0).unwrap();
        let waiting = |viewer| {
            allowed_actions(
                DisputeStatus::AwaitingAnswer,
                Party::Customer,
                viewer,
                None,
                false,
                now,
            )
        };
        assert_eq!(waiting(Party::Chef), (true, false, true, false));
        assert_eq!(waiting(Party::Customer), (false, false, true, false));
        assert_eq!(
            waiting(Party::System),
            (false, false, false, false),
            "an admin does not take sides"
        );
        let offered = allowed_actions(
            DisputeStatus::CounterOffered,
            Party::Customer,
            Party::Customer,
            None,
            false,
            now,
        );
        assert_eq!(offered, (false, true, true, false));
    }

    #[test]
    fn a_ruling_is_appealed_once_within_the_window() {
        let ruled_at = Utc.with_ymd_and_hms(2027, 6, 14, 12, 0, 0).unwrap();
        let closes = Some(ruled_at + APPEAL_WINDOW);
        let may_appeal = |now, appealed| {
            allowed_actions(
                DisputeStatus::Ruled,
                Party::Customer,
                Party::Chef,
                closes,
                appealed,
                now,
            )
            .3
        };
        assert!(may_appeal(ruled_at, false));
        assert!(!may_appeal(ruled_at, true), "once");
        assert!(!may_appeal(ruled_at + APPEAL_WINDOW, false), "in time");
    }
}
