//! Paging of long lists: which page a client asked for, checked, and the page it gets back.

use serde::{Deserialize, Serialize};

use crate::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    page: u64,
    per_page: u64,
}

impl PageRequest {
    pub const DEFAULT_PER_PAGE: u64 = 20;
    pub const MAX_PER_PAGE: u64 = 100;
    /// Past this no list of ours has items, and offsets stay far inside what databases take.
    pub const MAX_PAGE: u64 = 100_000;

    /// `page` counts from 1. Missing values take the defaults.
    pub fn parse(page: Option<i64>, per_page: Option<i64>) -> Result<Self, FieldError> {
        let page = page.unwrap_or(1);
        if page < 1 {
            return Err(FieldError::new("page", "Pages are numbered from 1."));
        }
        if page as u64 > Self::MAX_PAGE {
            return Err(FieldError::new(
                "page",
                format!("There are at most {} pages.", Self::MAX_PAGE),
            ));
        }
        let per_page = per_page.unwrap_or(Self::DEFAULT_PER_PAGE as i64);
        if !(1..=Self::MAX_PER_PAGE as i64).contains(&per_page) {
            return Err(FieldError::new(
                "per_page",
                format!("Ask for 1 to {} items per page.", Self::MAX_PER_PAGE),
            ));
        }
        Ok(Self {
            page: page as u64,
            per_page: per_page as u64,
        })
    }

    pub fn first(per_page: u64) -> Self {
        Self {
            page: 1,
            per_page: per_page.clamp(1, Self::MAX_PER_PAGE),
        }
    }

    pub fn page(&self) -> u64 {
        self.page
    }

    pub fn per_page(&self) -> u64 {
        self.per_page
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::first(Self::DEFAULT_PER_PAGE)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }

    pub fn has_next(&self) -> bool {
        self.page < self.page_count()
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_paging_takes_the_first_page_of_twenty() {
        let request = PageRequest::parse(None, None).unwrap();
        assert_eq!(
            (request.page(), request.per_page(), request.offset()),
            (1, 20, 0)
        );
    }

    #[test]
    fn the_third_page_of_ten_starts_at_item_twenty() {
        assert_eq!(PageRequest::parse(Some(3), Some(10)).unwrap().offset(), 20);
    }

    #[test]
    fn page_zero_and_oversized_pages_are_rejected_with_the_field_named() {
        assert_eq!(PageRequest::parse(Some(0), None).unwrap_err().field, "page");
        assert_eq!(
            PageRequest::parse(None, Some(101)).unwrap_err().field,
            "per_page"
        );
        assert_eq!(
            PageRequest::parse(None, Some(0)).unwrap_err().field,
            "per_page"
        );
    }

    #[test]
    fn a_page_past_the_last_possible_one_is_refused_before_any_offset_is_computed() {
        for page in [100_001, 461_168_601_842_738_792, i64::MAX] {
            let error = PageRequest::parse(Some(page), Some(100)).unwrap_err();
            assert_eq!(error.field, "page");
        }
        let last = PageRequest::parse(Some(100_000), Some(100)).unwrap();
        assert!(i64::try_from(last.offset()).is_ok());
    }

    #[test]
    fn a_page_knows_whether_more_follow() {
        let page = Page::<()> {
            items: vec![],
            total: 45,
            page: 2,
            per_page: 20,
        };
        assert_eq!(page.page_count(), 3);
        assert!(page.has_next() && page.has_previous());
        let empty = Page::<()> {
            items: vec![],
            total: 0,
            page: 1,
            per_page: 20,
        };
        assert_eq!(empty.page_count(), 1);
        assert!(!empty.has_next());
    }
}
