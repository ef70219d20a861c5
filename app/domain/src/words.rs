//! Small pieces of English every page and message shares.

/// "1 proposal", "3 proposals", "0 proposals".
pub fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(0, "proposal", "proposals"), "0 proposals");
        assert_eq!(plural(1, "proposal", "proposals"), "1 proposal");
        assert_eq!(plural(4, "chef", "chefs"), "4 chefs");
    }
}
