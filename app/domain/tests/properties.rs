//! Invariants that must hold for every input, not just the examples in the unit tests.

use domain::{account::Email, geo::Coordinates, paging::PageRequest};
use proptest::prelude::*;

fn coordinates() -> impl Strategy<Value = Coordinates> {
    (-90.0..=90.0f64, -180.0..=180.0f64)
        .prop_map(|(lat, lng)| Coordinates::parse(lat, lng).unwrap())
}

proptest! {
    #[test]
    fn a_parsed_email_parses_again_to_itself(raw in "[A-Za-z0-9._%+-]{1,20}@[A-Za-z0-9-]{1,12}\\.[A-Za-z]{2,6}") {
        if let Ok(email) = Email::parse(&raw) {
            prop_assert_eq!(Email::parse(email.as_str()).unwrap(), email);
        }
    }

    #[test]
    fn distance_is_symmetric_and_never_more_than_half_the_globe(a in coordinates(), b in coordinates()) {
        let there = a.distance_km(&b);
        let back = b.distance_km(&a);
        prop_assert!((there - back).abs() < 1e-6);
        prop_assert!((0.0..=20_016.0).contains(&there), "{there}");
    }

    #[test]
    fn a_detour_is_never_shorter_than_the_direct_way(a in coordinates(), b in coordinates(), c in coordinates()) {
        prop_assert!(a.distance_km(&c) <= a.distance_km(&b) + b.distance_km(&c) + 1e-6);
    }

    #[test]
    fn consecutive_pages_start_where_the_previous_one_ended(page in 1i64..10_000, per_page in 1i64..=100) {
        let this = PageRequest::parse(Some(page), Some(per_page)).unwrap();
        let next = PageRequest::parse(Some(page + 1), Some(per_page)).unwrap();
        prop_assert_eq!(next.offset(), this.offset() + this.per_page());
    }
}
