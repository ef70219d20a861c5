//! What reputation lets a person do. The server checks these before it acts; the page
//! `/knowledge/reputation` lists them from the same table.

use serde::{Deserialize, Serialize};

use crate::{AppError, ErrorCode};

vocabulary! {
    /// A right earned by reputation.
    Privilege {
        /// Comment on anyone's question or answer (one's own, and answers to one's own
        /// question, are always open).
        CommentAnywhere => "comment_anywhere", "Comment anywhere";
        /// Vote a question or answer down.
        Downvote => "downvote", "Vote down";
        /// Vote to close a question, or to reopen it.
        VoteToClose => "vote_to_close", "Vote to close or reopen";
        /// Edit other people's questions and answers.
        EditOthers => "edit_others", "Edit others' questions and answers";
    }
}

impl Privilege {
    /// The reputation it takes.
    pub fn reputation_needed(self) -> i64 {
        match self {
            Privilege::CommentAnywhere => 50,
            Privilege::Downvote => 125,
            Privilege::VoteToClose => 500,
            Privilege::EditOthers => 2_000,
        }
    }

    /// Why the threshold sits where it does, for the reputation page.
    pub fn why(self) -> &'static str {
        match self {
            Privilege::CommentAnywhere => {
                "Comments ask for clarity; a little history first keeps them from becoming spam."
            }
            Privilege::Downvote => {
                "A downvote says an answer is wrong or unhelpful; it is worth more from someone who has answered well."
            }
            Privilege::VoteToClose => {
                "Closing decides what belongs here, so it takes people who know the section."
            }
            Privilege::EditOthers => {
                "Editing changes someone else's words without asking; it is trusted to the most established."
            }
        }
    }

    /// Every privilege, lowest threshold first.
    pub fn ladder() -> Vec<Privilege> {
        let mut all = Privilege::ALL.to_vec();
        all.sort_by_key(|privilege| privilege.reputation_needed());
        all
    }

    /// Whether `reputation` earns it.
    pub fn held_at(self, reputation: i64) -> bool {
        reputation >= self.reputation_needed()
    }

    /// A 403 naming the reputation needed, when `reputation` does not earn it.
    pub fn check(self, reputation: i64) -> Result<(), AppError> {
        if self.held_at(reputation) {
            return Ok(());
        }
        Err(AppError::new(
            ErrorCode::Forbidden,
            format!(
                "{} needs {} reputation; you have {}.",
                self.label(),
                self.reputation_needed(),
                reputation
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_climbs_from_comments_to_editing() {
        let needed: Vec<i64> = Privilege::ladder()
            .iter()
            .map(|p| p.reputation_needed())
            .collect();
        assert_eq!(needed, [50, 125, 500, 2_000]);
    }

    #[test]
    fn a_refusal_says_how_much_reputation_it_takes() {
        let refusal = Privilege::Downvote.check(124).unwrap_err();
        assert_eq!(refusal.code, ErrorCode::Forbidden);
        assert_eq!(
            refusal.message,
            "Vote down needs 125 reputation; you have 124."
        );
        assert!(Privilege::Downvote.check(125).is_ok());
    }
}
