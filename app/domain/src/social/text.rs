//! What a post or comment says: its length limits, and the `#tags` and `@mentions` in it.
//! The server renders the Markdown; this module only finds the words that become links, so the
//! tags stored, the people notified and the links drawn are found by one rule.

use serde::{Deserialize, Serialize};

use super::handle::{Handle, MAX_HANDLE_LEN};
use crate::FieldError;

pub const MAX_POST_CHARS: usize = 5_000;
pub const MAX_COMMENT_CHARS: usize = 1_000;
pub const MAX_TAG_CHARS: usize = 40;
pub const MAX_TAGS_PER_POST: usize = 10;
pub const MAX_MENTIONS_PER_POST: usize = 10;
pub const MAX_PHOTOS_PER_POST: usize = 6;

/// A piece of text: plain words, a `#tag` or an `@mention`, in the order written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    Words(&'a str),
    /// `written` is the text as typed (`#Ramen`), `tag` its lower-case form (`ramen`).
    Tag {
        written: &'a str,
        tag: String,
    },
    Mention {
        written: &'a str,
        handle: Handle,
    },
}

/// Splits text into words, tags and mentions. A `#` or `@` counts only at the start of a word
/// (so `C#`, `&#39;` and `ana@example.com` stay words), and a mention only when the name after
/// it is a valid handle.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut found = Vec::new();
    let mut plain_from = 0;
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        let starts_word = previous.is_none_or(|p| !(p.is_alphanumeric() || p == '_' || p == '&'));
        previous = Some(c);
        if !(starts_word && (c == '#' || c == '@')) {
            continue;
        }
        let name_from = at + c.len_utf8();
        let name_len: usize = text[name_from..]
            .chars()
            .take_while(|n| n.is_alphanumeric() || *n == '_')
            .map(char::len_utf8)
            .sum();
        let name = &text[name_from..name_from + name_len];
        let written = &text[at..name_from + name_len];
        let token = if c == '#' {
            tag_of(name).map(|tag| Token::Tag { written, tag })
        } else if name.chars().count() <= MAX_HANDLE_LEN {
            Handle::parse(name)
                .ok()
                .map(|handle| Token::Mention { written, handle })
        } else {
            None
        };
        if let Some(token) = token {
            if plain_from < at {
                found.push(Token::Words(&text[plain_from..at]));
            }
            found.push(token);
            plain_from = name_from + name_len;
            // Skip the name: its letters are not word starts.
            while chars.peek().is_some_and(|(next, _)| *next < plain_from) {
                previous = chars.next().map(|(_, n)| n);
            }
        }
    }
    if plain_from < text.len() {
        found.push(Token::Words(&text[plain_from..]));
    }
    found
}

/// A tag's stored form: lower case, 2 to 40 letters, digits or `_`, not only digits (`#1`
/// is a list number, not a cuisine).
pub fn tag_of(name: &str) -> Option<String> {
    let tag = name.trim_start_matches('#').to_lowercase();
    let length = tag.chars().count();
    let valid = (2..=MAX_TAG_CHARS).contains(&length)
        && tag.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !tag.chars().all(|c| c.is_ascii_digit() || c == '_');
    valid.then_some(tag)
}

/// The distinct tags of a text, in the order first written.
pub fn tags_in(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for token in tokens(text) {
        if let Token::Tag { tag, .. } = token {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    tags
}

/// The distinct people mentioned in a text, in the order first written.
pub fn mentions_in(text: &str) -> Vec<Handle> {
    let mut handles: Vec<Handle> = Vec::new();
    for token in tokens(text) {
        if let Token::Mention { handle, .. } = token {
            if !handles.contains(&handle) {
                handles.push(handle);
            }
        }
    }
    handles
}

/// The checked text of a post: not blank, at most [`MAX_POST_CHARS`], at most
/// [`MAX_TAGS_PER_POST`] tags and [`MAX_MENTIONS_PER_POST`] mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostText {
    pub text: String,
    pub tags: Vec<String>,
    pub mentions: Vec<Handle>,
}

impl PostText {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let text = checked_text("text", input, MAX_POST_CHARS, "post")?;
        let tags = tags_in(&text);
        if tags.len() > MAX_TAGS_PER_POST {
            return Err(FieldError::new(
                "text",
                format!("A post carries at most {MAX_TAGS_PER_POST} #tags."),
            ));
        }
        let mentions = mentions_in(&text);
        if mentions.len() > MAX_MENTIONS_PER_POST {
            return Err(FieldError::new(
                "text",
                format!("A post mentions at most {MAX_MENTIONS_PER_POST} people."),
            ));
        }
        Ok(Self {
            text,
            tags,
            mentions,
        })
    }
}

/// A comment's text: not blank, at most [`MAX_COMMENT_CHARS`].
pub fn comment_text(input: &str) -> Result<String, FieldError> {
    checked_text("text", input, MAX_COMMENT_CHARS, "comment")
}

/// The upper bound counts what was sent, spaces included, as a browser's `maxlength` and the
/// API schema do; the text kept is trimmed.
fn checked_text(field: &str, input: &str, max: usize, what: &str) -> Result<String, FieldError> {
    let length = input.chars().count();
    let text = input.trim();
    if text.is_empty() {
        return Err(FieldError::new(
            field,
            format!("Write something in your {what}."),
        ));
    }
    if length > max {
        return Err(FieldError::new(
            field,
            format!("A {what} is at most {max} characters; this one has {length}."),
        ));
    }
    Ok(text.replace("\r\n", "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle(name: &str) -> Handle {
        Handle::parse(name).unwrap()
    }

    #[test]
    fn tags_and_mentions_are_found_where_words_start() {
        let text = "Ramen night with @ana_cooks! #Ramen #tonkotsu, then #ramen again.";
        assert_eq!(tags_in(text), ["ramen", "tonkotsu"]);
        assert_eq!(mentions_in(text), [handle("ana_cooks")]);
    }

    #[test]
    fn emails_entities_and_c_sharp_are_not_tags_or_mentions() {
        let text = "Write to ana@example.com about C# and &#39; and issue #1";
        assert!(tags_in(text).is_empty());
        assert!(mentions_in(text).is_empty());
    }

    #[test]
    fn tags_keep_accented_letters_in_lower_case() {
        assert_eq!(tags_in("#CrèmeBrûlée"), ["crèmebrûlée"]);
    }

    #[test]
    fn the_tokens_put_back_together_are_the_text() {
        for text in [
            "plain words",
            "#a #ab @ab @abc x#y @@abc ##tag #tag#tag",
            "ünïcödé #日本料理 @ana",
            "@verylonghandlewhichisovertwentyfourcharacters",
        ] {
            let joined: String = tokens(text)
                .into_iter()
                .map(|token| match token {
                    Token::Words(words) => words,
                    Token::Tag { written, .. } | Token::Mention { written, .. } => written,
                })
                .collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn a_mention_of_an_impossible_handle_stays_words() {
        assert!(mentions_in("@ab and @9lives and @admin").is_empty());
    }

    #[test]
    fn a_blank_or_overlong_post_is_refused_with_the_field_named() {
        assert_eq!(PostText::parse("  \n ").unwrap_err().field, "text");
        let long = "a".repeat(MAX_POST_CHARS + 1);
        assert!(PostText::parse(&long).unwrap_err().message.contains("5000"));
        assert!(PostText::parse(&"a".repeat(MAX_POST_CHARS)).is_ok());
    }

    #[test]
    fn a_post_with_too_many_tags_is_refused() {
        let text: String = (0..=MAX_TAGS_PER_POST)
            .map(|n| format!("#tag{n} "))
            .collect();
        assert!(PostText::parse(&text).is_err());
    }
}
