//! What changed between two versions of a question or an answer, word by word, for the
//! revision history's diff view.

use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Kept,
    Added,
    Removed,
}

/// A run of text that changed (or not) the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffPart {
    pub change: Change,
    pub text: String,
}

/// `before` turned into `after`, as runs of kept, removed and added words (spaces included,
/// so the kept and added runs read back as `after`, the kept and removed ones as `before`).
pub fn word_diff(before: &str, after: &str) -> Vec<DiffPart> {
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in TextDiff::from_words(before, after).iter_all_changes() {
        let change_kind = match change.tag() {
            ChangeTag::Equal => Change::Kept,
            ChangeTag::Insert => Change::Added,
            ChangeTag::Delete => Change::Removed,
        };
        match parts.last_mut() {
            Some(last) if last.change == change_kind => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                change: change_kind,
                text: change.value().to_owned(),
            }),
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(parts: &[DiffPart], skip: Change) -> String {
        parts
            .iter()
            .filter(|part| part.change != skip)
            .map(|part| part.text.as_str())
            .collect()
    }

    #[test]
    fn a_changed_word_shows_as_removed_then_added_between_kept_runs() {
        let parts = word_diff("Rest the dough for an hour", "Rest the dough overnight");
        assert_eq!(parts.first().unwrap().change, Change::Kept);
        assert!(parts
            .iter()
            .any(|p| p.change == Change::Removed && p.text.contains("hour")));
        assert!(parts
            .iter()
            .any(|p| p.change == Change::Added && p.text.contains("overnight")));
    }

    #[test]
    fn both_versions_read_back_from_the_parts() {
        let (before, after) = ("a b c d e", "a c d x e f");
        let parts = word_diff(before, after);
        assert_eq!(read_back(&parts, Change::Added), before);
        assert_eq!(read_back(&parts, Change::Removed), after);
    }

    #[test]
    fn identical_texts_are_one_kept_run() {
        let parts = word_diff("same words", "same words");
        assert_eq!(
            parts,
            [DiffPart {
                change: Change::Kept,
                text: "same words".into()
            }]
        );
    }
}
