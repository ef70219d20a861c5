//! Keeping the network safe: what people report, what moderators do about it, and the author's
//! appeal. Every decision carries a reason written for the person it affects.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::posts::PersonRef;
use crate::FieldError;

pub const MAX_REPORT_DETAILS_CHARS: usize = 1_000;
pub const MIN_DECISION_REASON_CHARS: usize = 10;
pub const MAX_DECISION_REASON_CHARS: usize = 1_000;
pub const MIN_APPEAL_CHARS: usize = 10;
pub const MAX_APPEAL_CHARS: usize = 2_000;
/// An author may appeal a decision this long after it was made.
pub const APPEAL_WINDOW: Duration = Duration::days(30);

vocabulary! {
    /// What a report is about.
    ReportTarget {
        Post => "post", "Post";
        Comment => "comment", "Comment";
        Person => "person", "Person";
        /// A knowledge question, its answers and their comments.
        Question => "question", "Question";
        Answer => "answer", "Answer";
        KnowledgeComment => "qa_comment", "Comment on a question or answer";
    }
}

vocabulary! {
    /// Why someone reports a post, comment or person.
    ReportReason {
        Spam => "spam", "Spam or advertising";
        Harassment => "harassment", "Harassment or bullying";
        Hate => "hate", "Hate speech";
        UnsafeFood => "unsafe_food", "Unsafe food or false health claims";
        Sexual => "sexual", "Sexual content";
        Impersonation => "impersonation", "Pretending to be someone else";
        Other => "other", "Something else";
    }
}

vocabulary! {
    /// What a moderator does about reported content or a person.
    ModerationAction {
        /// Out of every feed, search and link; an appeal can bring it back.
        Hide => "hide", "Hide";
        /// Deleted for good, as if the author had deleted it.
        Remove => "remove", "Remove";
        /// The author is told what was wrong; the content stays.
        Warn => "warn", "Warn";
        /// The account can no longer log in (the existing suspension).
        Suspend => "suspend", "Suspend the account";
        /// Nothing wrong: the reports are closed and the author is not told.
        Dismiss => "dismiss", "Dismiss the reports";
    }
}

vocabulary! {
    /// Where an author's appeal of a decision stands.
    AppealStatus {
        Pending => "pending", "Waiting for a moderator";
        Upheld => "upheld", "Decision upheld";
        Reversed => "reversed", "Decision reversed";
    }
}

impl ModerationAction {
    /// Whether the action can be taken on this kind of target. Hiding and removing are for
    /// content; a person is warned or suspended.
    pub fn applies_to(self, target: ReportTarget) -> bool {
        match self {
            Self::Hide | Self::Remove => target != ReportTarget::Person,
            Self::Warn | Self::Suspend | Self::Dismiss => true,
        }
    }

    /// Whether the author hears of it (and so may appeal it in the app). A suspended person
    /// cannot log in; they are told at the login form how to appeal.
    pub fn told_to_author(self) -> bool {
        !matches!(self, Self::Dismiss)
    }

    pub fn appealable(self) -> bool {
        matches!(self, Self::Hide | Self::Remove | Self::Warn)
    }

    /// How the author is told, e.g. "Your post was hidden".
    pub fn headline(self, target: ReportTarget) -> String {
        let what = match target {
            ReportTarget::Post => "Your post",
            ReportTarget::Comment | ReportTarget::KnowledgeComment => "Your comment",
            ReportTarget::Person => "Your account",
            ReportTarget::Question => "Your question",
            ReportTarget::Answer => "Your answer",
        };
        match self {
            Self::Hide => format!("{what} was hidden by a moderator"),
            Self::Remove => format!("{what} was removed by a moderator"),
            Self::Warn => "A moderator sent you a warning".to_owned(),
            Self::Suspend => "Your account was suspended".to_owned(),
            Self::Dismiss => format!("{what} was reviewed and left as it is"),
        }
    }
}

/// A person reporting something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportForm {
    pub target: ReportTarget,
    /// The id of the post, comment, person, question, answer or comment on either.
    pub target_id: i64,
    pub reason: ReportReason,
    /// What the moderators should know, in the reporter's words; needed when the reason
    /// is `other`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub details: String,
}

impl ReportForm {
    /// The details, trimmed; `other` needs them, since the reason alone says nothing.
    pub fn checked_details(&self) -> Result<String, FieldError> {
        let details = self.details.trim();
        if details.chars().count() > MAX_REPORT_DETAILS_CHARS {
            return Err(FieldError::new(
                "details",
                format!("Keep the details under {MAX_REPORT_DETAILS_CHARS} characters."),
            ));
        }
        if self.reason == ReportReason::Other && details.is_empty() {
            return Err(FieldError::new(
                "details",
                "Say what is wrong, so a moderator can look at the right thing.",
            ));
        }
        Ok(details.to_owned())
    }
}

/// The reporter's receipt: their report is in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub id: i64,
    pub target: ReportTarget,
    pub target_id: i64,
    pub reason: ReportReason,
    pub created_at: DateTime<Utc>,
}

/// A moderator's decision, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionForm {
    pub target: ReportTarget,
    pub target_id: i64,
    pub action: ModerationAction,
    /// Shown to the author (not for dismissals, where it is kept for the other moderators).
    pub reason: String,
}

pub fn decision_reason(reason: &str) -> Result<String, FieldError> {
    bounded_text(
        "reason",
        reason,
        MIN_DECISION_REASON_CHARS,
        MAX_DECISION_REASON_CHARS,
        "Write the reason the author will read",
    )
}

pub fn appeal_text(text: &str) -> Result<String, FieldError> {
    bounded_text(
        "text",
        text,
        MIN_APPEAL_CHARS,
        MAX_APPEAL_CHARS,
        "Say why the decision should change",
    )
}

fn bounded_text(
    field: &str,
    text: &str,
    min: usize,
    max: usize,
    ask: &str,
) -> Result<String, FieldError> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars < min {
        return Err(FieldError::new(
            field,
            format!("{ask}: at least {min} characters."),
        ));
    }
    if chars > max {
        return Err(FieldError::new(
            field,
            format!("{ask} in at most {max} characters."),
        ));
    }
    Ok(text.to_owned())
}

/// Everything reported about one post, comment or person, waiting for a moderator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub target: ReportTarget,
    pub target_id: i64,
    /// Whose content it is (or the person reported).
    pub subject: PersonRef,
    /// The reported words (for a person, their bio), as written.
    pub excerpt: String,
    /// Where to see it in context.
    pub link: String,
    pub report_count: u32,
    /// Each reason given, most given first.
    pub reasons: Vec<ReasonCount>,
    /// The reporters' own words, newest first.
    pub details: Vec<String>,
    pub first_reported_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    pub reason: ReportReason,
    pub count: u32,
}

/// A decision as its author (and the admins) see it, with the appeal if there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub id: i64,
    pub action: ModerationAction,
    pub target: ReportTarget,
    pub target_id: i64,
    pub subject: PersonRef,
    pub headline: String,
    pub reason: String,
    /// The affected words, so the author knows which post or comment it was.
    pub excerpt: String,
    pub created_at: DateTime<Utc>,
    pub appeal: Option<Appeal>,
    /// Whether the author may still appeal.
    pub can_appeal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appeal {
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub status: AppealStatus,
    /// The moderator's answer, once decided.
    pub response: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Named apart from the dispute appeal in the API document, whose body differs.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(as = ModerationAppealForm)
)]
pub struct AppealForm {
    /// Why the decision should change: 10 to 2,000 characters besides spaces at either end.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "\\S[\\s\\S]{8,}\\S", max_length = 2000)
    )]
    pub text: String,
}

/// A moderator's answer to an appeal: keep the decision or undo it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealAnswer {
    pub reverse: bool,
    pub response: String,
}

/// Whether an appeal may be made now: once per decision, within the window, and only of
/// decisions the author can see.
pub fn check_appeal(
    action: ModerationAction,
    decided_at: DateTime<Utc>,
    already_appealed: bool,
    now: DateTime<Utc>,
) -> Result<(), FieldError> {
    if !action.appealable() {
        return Err(FieldError::new(
            "decision",
            "This decision cannot be appealed here.",
        ));
    }
    if already_appealed {
        return Err(FieldError::new(
            "decision",
            "You have already appealed this decision; a moderator answers each appeal once.",
        ));
    }
    if now - decided_at > APPEAL_WINDOW {
        return Err(FieldError::new(
            "decision",
            format!(
                "Appeals are open for {} days after a decision.",
                APPEAL_WINDOW.num_days()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_person_can_be_warned_or_suspended_but_not_hidden() {
        assert!(!ModerationAction::Hide.applies_to(ReportTarget::Person));
        assert!(!ModerationAction::Remove.applies_to(ReportTarget::Person));
        assert!(ModerationAction::Suspend.applies_to(ReportTarget::Person));
        assert!(ModerationAction::Hide.applies_to(ReportTarget::Comment));
    }

    #[test]
    fn a_report_for_another_reason_needs_details() {
        let form = ReportForm {
            target: ReportTarget::Post,
            target_id: 1,
            reason: ReportReason::Other,
            details: "  ".into(),
        };
        assert_eq!(form.checked_details().unwrap_err().field, "details");
        let spam = ReportForm {
            reason: ReportReason::Spam,
            ..form
        };
        assert_eq!(spam.checked_details().unwrap(), "");
    }

    #[test]
    fn a_decision_reason_is_a_sentence_not_a_word() {
        assert_eq!(decision_reason("spam").unwrap_err().field, "reason");
        assert_eq!(
            decision_reason("  Advertising a shop, not food.  ").unwrap(),
            "Advertising a shop, not food."
        );
    }

    #[test]
    fn an_appeal_is_allowed_once_and_within_thirty_days() {
        let decided = at(1);
        assert!(check_appeal(ModerationAction::Hide, decided, false, at(2)).is_ok());
        assert!(check_appeal(ModerationAction::Hide, decided, true, at(2)).is_err());
        assert!(check_appeal(
            ModerationAction::Hide,
            decided,
            false,
            at(1) + Duration::days(31)
        )
        .is_err());
    }

    #[test]
    fn dismissals_and_suspensions_are_not_appealed_in_the_app() {
        assert!(check_appeal(ModerationAction::Dismiss, at(1), false, at(2)).is_err());
        assert!(check_appeal(ModerationAction::Suspend, at(1), false, at(2)).is_err());
        assert!(!ModerationAction::Dismiss.told_to_author());
    }
}
