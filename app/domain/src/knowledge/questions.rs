//! What a question, an answer and a comment may say, and the closing rules.

use serde::{Deserialize, Serialize};

use crate::FieldError;

pub const TITLE_CHARS: std::ops::RangeInclusive<usize> = 15..=150;
pub const BODY_CHARS: std::ops::RangeInclusive<usize> = 20..=10_000;
pub const ANSWER_CHARS: std::ops::RangeInclusive<usize> = 20..=10_000;
pub const COMMENT_CHARS: std::ops::RangeInclusive<usize> = 10..=600;
pub const MAX_TAGS: usize = 5;
/// Photos a question may show; each has a description, as a post's do.
pub const MAX_PHOTOS_PER_QUESTION: usize = 4;
pub const TAG_CHARS: std::ops::RangeInclusive<usize> = 2..=35;
/// Votes it takes to close a question, or to reopen it (a moderator's one vote is enough).
pub const CLOSE_VOTES_NEEDED: usize = 3;

/// The tags offered first when someone asks; any other well-formed tag is welcome too.
pub const CURATED_TAGS: &[&str] = &[
    "baking",
    "bread",
    "pastry",
    "desserts",
    "knife-skills",
    "sauces",
    "stocks",
    "fermentation",
    "vegetarian",
    "vegan",
    "gluten-free",
    "allergies",
    "wine-pairing",
    "seafood",
    "meat",
    "grilling",
    "sous-vide",
    "food-safety",
    "menu-planning",
    "hosting",
    "italian",
    "french",
    "japanese",
    "indian",
    "mexican",
    "portuguese",
    "spanish",
    "middle-eastern",
];

vocabulary! {
    /// Why a question was closed.
    CloseReason {
        /// Asked and answered before: closing links the original.
        Duplicate => "duplicate", "Duplicate";
        /// Not about food, cooking or hosting.
        OffTopic => "off_topic", "Off-topic";
        /// Nobody can tell what is being asked.
        Unclear => "unclear", "Needs details or clarity";
    }
}

vocabulary! {
    /// Which way a vote goes.
    VoteDirection {
        Up => "up", "Up";
        Down => "down", "Down";
    }
}

vocabulary! {
    /// What a vote is on: `PUT /api/v1/votes/{kind}/{id}`.
    VoteTarget {
        Question => "question", "question";
        Answer => "answer", "answer";
    }
}

impl VoteDirection {
    /// The API's `value`: 1 or -1.
    pub fn from_value(value: i32) -> Result<Self, FieldError> {
        match value {
            1 => Ok(VoteDirection::Up),
            -1 => Ok(VoteDirection::Down),
            _ => Err(FieldError::new("value", "A vote is 1 (up) or -1 (down).")),
        }
    }

    pub fn value(self) -> i32 {
        match self {
            VoteDirection::Up => 1,
            VoteDirection::Down => -1,
        }
    }
}

/// A question as checked: a title that says what is asked, a body, one to five tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionText {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
}

impl QuestionText {
    pub fn parse(title: &str, body: &str, tags: &[String]) -> Result<Self, Vec<FieldError>> {
        match (
            sized("title", title, TITLE_CHARS, "The title"),
            sized("body", body, BODY_CHARS, "The question"),
            question_tags(tags),
        ) {
            (Ok(title), Ok(body), Ok(tags)) => Ok(Self { title, body, tags }),
            (title, body, tags) => Err([title.err(), body.err(), tags.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// An answer's text.
pub fn answer_text(input: &str) -> Result<String, FieldError> {
    sized("body", input, ANSWER_CHARS, "An answer")
}

/// A comment's text, on a question or an answer.
pub fn comment_text(input: &str) -> Result<String, FieldError> {
    sized("text", input, COMMENT_CHARS, "A comment")
}

/// A tag's stored form: lower case letters, digits and single hyphens, 2 to 35 characters.
pub fn question_tag(input: &str) -> Option<String> {
    let tag = input
        .trim()
        .trim_start_matches('#')
        .to_lowercase()
        .replace([' ', '_'], "-");
    let valid = TAG_CHARS.contains(&tag.chars().count())
        && tag.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !tag.starts_with('-')
        && !tag.ends_with('-')
        && !tag.contains("--")
        && tag.chars().any(char::is_alphabetic);
    valid.then_some(tag)
}

/// The tags in what someone typed in a tags box: separated by commas or spaces, with or
/// without `#`. Each is checked by [`question_tags`] when the question is asked.
pub fn typed_tags(input: &str) -> Vec<String> {
    input
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|tag| tag.trim_start_matches('#'))
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The question someone pointed to when closing one as a duplicate: its number, or its
/// address as copied from the browser (`…/knowledge/q/123`, with or without `#answer-…`).
pub fn question_pointed_to(input: &str) -> Option<i64> {
    let input = input.trim().trim_start_matches('#');
    let path = input.split(['#', '?']).next().unwrap_or_default();
    let number = match path.rsplit_once("/knowledge/q/") {
        Some((_, rest)) => rest.trim_end_matches('/'),
        None => path,
    };
    number.parse().ok().filter(|id: &i64| *id > 0)
}

/// One to five distinct, well-formed tags, in the order given.
pub fn question_tags(input: &[String]) -> Result<Vec<String>, FieldError> {
    let given: Vec<&String> = input.iter().filter(|raw| !raw.trim().is_empty()).collect();
    if given.len() > MAX_TAGS {
        return Err(FieldError::new(
            "tags",
            format!("A question carries at most {MAX_TAGS} tags."),
        ));
    }
    let mut tags: Vec<String> = Vec::new();
    for raw in given {
        let tag = question_tag(raw).ok_or_else(|| {
            FieldError::new(
                "tags",
                format!(
                    "\"{}\" is not a tag: use 2 to 35 letters, digits or hyphens.",
                    raw.trim()
                ),
            )
        })?;
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.is_empty() {
        return Err(FieldError::new(
            "tags",
            "Add at least one tag, so the right people find it.",
        ));
    }
    if tags.len() > MAX_TAGS {
        return Err(FieldError::new(
            "tags",
            format!("A question carries at most {MAX_TAGS} tags."),
        ));
    }
    Ok(tags)
}

fn sized(
    field: &str,
    input: &str,
    chars: std::ops::RangeInclusive<usize>,
    what: &str,
) -> Result<String, FieldError> {
    // The lower bound counts words, so it is measured trimmed; the upper bound counts what was
    // sent, as a browser's `maxlength` and the API schema do.
    let text = input.trim();
    if text.chars().count() < *chars.start() {
        return Err(FieldError::new(
            field,
            format!("{what} needs at least {} characters.", chars.start()),
        ));
    }
    if input.chars().count() > *chars.end() {
        return Err(FieldError::new(
            field,
            format!("{what} is at most {} characters.", chars.end()),
        ));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_is_pointed_to_by_number_or_by_address() {
        assert_eq!(question_pointed_to(" 42 "), Some(42));
        assert_eq!(question_pointed_to("#42"), Some(42));
        assert_eq!(
            question_pointed_to("https://chefgalaxy.test/knowledge/q/42#answer-7"),
            Some(42)
        );
        assert_eq!(question_pointed_to("/knowledge/q/42/"), Some(42));
        for wrong in ["", "abc", "/knowledge/q/", "-3", "0", "/chefs/42"] {
            assert_eq!(question_pointed_to(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn typed_tags_split_on_commas_and_spaces_and_drop_hashes() {
        assert_eq!(
            typed_tags(" #bread, sourdough  knife-skills,,"),
            ["bread", "sourdough", "knife-skills"]
        );
        assert!(typed_tags(" , ").is_empty());
    }

    fn tags(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn a_well_formed_question_keeps_its_words_trimmed_and_its_tags_in_stored_form() {
        let question = QuestionText::parse(
            "  How long should brioche dough rest?  ",
            "Mine collapses in the oven after an overnight rest in the fridge.",
            &tags(&["Baking", "#bread", "knife skills", "baking"]),
        )
        .unwrap();
        assert_eq!(question.title, "How long should brioche dough rest?");
        assert_eq!(question.tags, ["baking", "bread", "knife-skills"]);
    }

    #[test]
    fn every_problem_of_a_question_is_named_at_once() {
        let problems = QuestionText::parse("Brioche?", "", &[]).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["title", "body", "tags"]);
        assert_eq!(
            problems[0].message,
            "The title needs at least 15 characters."
        );
    }

    #[test]
    fn spaces_around_an_answer_count_toward_its_limit_as_they_do_in_a_browser() {
        let fits = format!("  {}  ", "a".repeat(9_996));
        assert_eq!(answer_text(&fits).unwrap().len(), 9_996);
        let padded_over = format!("\n{}\t", "a".repeat(9_999));
        assert_eq!(
            answer_text(&padded_over).unwrap_err().message,
            "An answer is at most 10000 characters."
        );
        assert!(answer_text(&format!("   {}   ", "a".repeat(19))).is_err());
    }

    #[test]
    fn six_tags_are_one_too_many() {
        let six = tags(&["a1", "b2", "c3", "d4", "e5", "f6"]);
        assert_eq!(
            question_tags(&six).unwrap_err().message,
            "A question carries at most 5 tags."
        );
    }

    #[test]
    fn a_tag_is_letters_digits_and_single_hyphens() {
        assert_eq!(question_tag("Sous Vide").as_deref(), Some("sous-vide"));
        assert_eq!(question_tag("<script>"), None);
        assert_eq!(question_tag("--"), None);
        assert_eq!(question_tag("42"), None);
        assert!(CURATED_TAGS
            .iter()
            .all(|tag| question_tag(tag).as_deref() == Some(*tag)));
    }

    #[test]
    fn a_vote_is_one_or_minus_one() {
        assert_eq!(VoteDirection::from_value(-1).unwrap(), VoteDirection::Down);
        assert_eq!(VoteDirection::from_value(2).unwrap_err().field, "value");
    }
}
