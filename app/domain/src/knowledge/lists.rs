//! The lists of questions (newest, top over a period, unanswered; each by tag or by asker),
//! paged by a cursor so a question asked while someone reads neither repeats nor skips one.

use serde::{Deserialize, Serialize};

use super::views::QuestionSummary;
use crate::FieldError;

pub const LIST_PAGE_SIZE: u64 = 20;

vocabulary! {
    /// Which questions come first.
    QuestionOrder {
        Newest => "newest", "Newest";
        /// Most voted, over [`TopPeriod`].
        Top => "top", "Top";
        /// No answer yet, oldest waiting first.
        Unanswered => "unanswered", "Unanswered";
    }
}

/// The first order listed.
impl Default for QuestionOrder {
    fn default() -> Self {
        Self::ALL[0]
    }
}

vocabulary! {
    /// How far back "top" looks.
    TopPeriod {
        Week => "week", "This week";
        Month => "month", "This month";
        Year => "year", "This year";
        All => "all", "All time";
    }
}

/// A month: long enough to fill a page, short enough to stay current.
impl Default for TopPeriod {
    fn default() -> Self {
        Self::ALL[1]
    }
}

impl TopPeriod {
    pub fn days(self) -> Option<i64> {
        match self {
            TopPeriod::Week => Some(7),
            TopPeriod::Month => Some(30),
            TopPeriod::Year => Some(365),
            TopPeriod::All => None,
        }
    }
}

/// Where a list continues: the last question's sort key (its time in microseconds, or its
/// score) and its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListCursor {
    pub key: i64,
    pub id: i64,
}

impl ListCursor {
    pub fn encode(&self) -> String {
        format!("q.{}.{}", self.key, self.id)
    }

    pub fn parse(cursor: &str) -> Result<Self, FieldError> {
        let wrong = || {
            FieldError::new(
                "cursor",
                "This cursor is not one we gave out; start again from the first page.",
            )
        };
        let mut parts = cursor.split('.');
        let (Some("q"), Some(key), Some(id), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(wrong());
        };
        Ok(Self {
            key: key.parse().map_err(|_| wrong())?,
            id: id.parse().map_err(|_| wrong())?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionList {
    pub items: Vec<QuestionSummary>,
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_and_a_month_are_the_defaults() {
        assert_eq!(QuestionOrder::default(), QuestionOrder::Newest);
        assert_eq!(TopPeriod::default(), TopPeriod::Month);
    }

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_refuses_anything_else() {
        let cursor = ListCursor { key: -3, id: 42 };
        assert_eq!(ListCursor::parse(&cursor.encode()).unwrap(), cursor);
        for wrong in ["", "q.1", "q.a.1", "f.1.2", "q.1.2.3"] {
            assert_eq!(
                ListCursor::parse(wrong).unwrap_err().field,
                "cursor",
                "{wrong}"
            );
        }
    }
}
