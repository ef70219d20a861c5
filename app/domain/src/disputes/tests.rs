//! One test per row of the rule table, and properties every ruling keeps.

use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 6, 12, 19, 0, 0).unwrap()
}

fn facts(category: DisputeCategory, answer: Answer) -> DisputeFacts {
    DisputeFacts {
        category,
        paid_minor: 60_000,
        held_minor: 60_000,
        claimed_refund_bp: if category.opened_by() == Party::Customer {
            10_000
        } else {
            0
        },
        starts_at: start(),
        chef_checked_in_at: None,
        answer,
        agreed_dishes: 4,
        dishes_reported_missing: 0,
        quoted_total_minor: 60_000,
        agreed_guests: 10,
        guests_reported: None,
        chef_wrote_before_event: false,
        customer_food_rating: None,
    }
}

fn ruled(facts: &DisputeFacts) -> Ruling {
    match decide(facts) {
        Decision::Ruled(ruling) => ruling,
        other => panic!("expected a ruling, got {other:?}"),
    }
}

fn arrived(minutes: i64) -> Option<DateTime<Utc>> {
    Some(start() + Duration::minutes(minutes))
}

#[test]
fn every_rule_has_a_unique_name_and_a_reason() {
    let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), RULES.len());
    assert!(RULES.iter().all(|r| r.reason.ends_with('.')));
}

#[test]
fn nothing_is_decided_while_the_other_side_may_still_answer() {
    assert_eq!(
        decide(&facts(DisputeCategory::Quality, Answer::Pending)),
        Decision::Waiting
    );
}

#[test]
fn silence_loses_the_claim_as_made() {
    let ruling = ruled(&facts(DisputeCategory::Quality, Answer::Silent));
    assert_eq!(
        (ruling.rule.as_str(), ruling.refund_minor),
        ("silence-loses", 60_000)
    );
    assert_eq!(ruling.penalised, Some(Party::Chef));
    let chefs_claim = ruled(&facts(DisputeCategory::CustomerNoShow, Answer::Silent));
    assert_eq!(
        (chefs_claim.refund_minor, chefs_claim.penalised),
        (0, Some(Party::Customer))
    );
}

#[test]
fn an_accepted_claim_is_settled_as_claimed() {
    let mut claim = facts(DisputeCategory::MenuNotAsAgreed, Answer::Accepted);
    claim.claimed_refund_bp = 2_000;
    let ruling = ruled(&claim);
    assert_eq!(
        (ruling.rule.as_str(), ruling.refund_minor),
        ("claim-accepted", 12_000)
    );
}

#[test]
fn a_taken_counter_offer_is_what_comes_back() {
    let answer = Answer::CounterOffer {
        refund_bp: 1_500,
        taken: true,
    };
    let ruling = ruled(&facts(DisputeCategory::Quality, answer));
    assert_eq!(
        (ruling.rule.as_str(), ruling.refund_minor, ruling.penalised),
        ("counter-offer-taken", 9_000, None)
    );
}

#[test]
fn a_chef_who_never_checked_in_refunds_everything() {
    let ruling = ruled(&facts(DisputeCategory::ChefNoShow, Answer::Contested));
    assert_eq!(
        (ruling.rule.as_str(), ruling.refund_minor),
        ("chef-never-checked-in", 60_000)
    );
    assert_eq!(ruling.penalised, Some(Party::Chef));
    let mut very_late = facts(DisputeCategory::ChefNoShow, Answer::Contested);
    very_late.chef_checked_in_at = arrived(120);
    assert_eq!(ruled(&very_late).rule, "chef-never-checked-in");
}

#[test]
fn a_chef_who_checked_in_on_time_keeps_the_payment() {
    let mut claim = facts(DisputeCategory::ChefLate, Answer::Contested);
    claim.chef_checked_in_at = arrived(10);
    let ruling = ruled(&claim);
    assert_eq!(
        (ruling.rule.as_str(), ruling.refund_minor),
        ("chef-checked-in-on-time", 0)
    );
}

#[test]
fn lateness_refunds_a_tenth_per_started_half_hour_up_to_three() {
    let refund = |minutes| {
        let mut claim = facts(DisputeCategory::ChefLate, Answer::Contested);
        claim.chef_checked_in_at = arrived(minutes);
        let ruling = ruled(&claim);
        assert_eq!(ruling.rule, "late-by-the-check-in");
        ruling.refund_minor
    };
    assert_eq!(
        [refund(20), refund(31), refund(75), refund(200)],
        [6_000, 12_000, 18_000, 18_000]
    );
}

#[test]
fn a_charge_equal_to_the_quote_is_not_an_overcharge() {
    let ruling = ruled(&facts(DisputeCategory::Overcharge, Answer::Contested));
    assert_eq!(
        (ruling.rule.as_str(), ruling.refund_minor),
        ("charged-as-quoted", 0)
    );
}

#[test]
fn a_charge_above_the_quote_refunds_the_difference() {
    let mut claim = facts(DisputeCategory::Overcharge, Answer::Contested);
    claim.quoted_total_minor = 54_000;
    let ruling = ruled(&claim);
    assert_eq!(
        (ruling.rule.as_str(), ruling.refund_minor),
        ("charged-above-quote", 6_000)
    );
}

#[test]
fn a_chef_who_came_and_wrote_is_paid_when_nobody_opened_the_door() {
    let mut claim = facts(DisputeCategory::CustomerNoShow, Answer::Contested);
    claim.chef_checked_in_at = arrived(0);
    claim.chef_wrote_before_event = true;
    let ruling = ruled(&claim);
    assert_eq!(
        (ruling.rule.as_str(), ruling.refund_minor, ruling.penalised),
        ("chef-was-there", 0, Some(Party::Customer))
    );
}

#[test]
fn more_than_ten_percent_extra_guests_is_on_the_customer() {
    let mut claim = facts(DisputeCategory::GuestCountExceeded, Answer::Contested);
    claim.guests_reported = Some(11);
    assert!(
        matches!(decide(&claim), Decision::ToAdmin { .. }),
        "within the tolerance"
    );
    claim.guests_reported = Some(12);
    assert_eq!(ruled(&claim).rule, "guests-over-the-agreed-count");
}

#[test]
fn a_disputed_late_cancellation_stands_by_the_policy() {
    let ruling = ruled(&facts(
        DisputeCategory::CustomerCancelledLate,
        Answer::Contested,
    ));
    assert_eq!(
        (ruling.rule.as_str(), ruling.refund_minor),
        ("late-cancellation-follows-the-policy", 0)
    );
}

#[test]
fn a_contested_quality_claim_goes_to_an_admin_with_a_recommendation() {
    let mut claim = facts(DisputeCategory::Quality, Answer::Contested);
    claim.customer_food_rating = Some(2);
    match decide(&claim) {
        Decision::ToAdmin { recommended, .. } => {
            assert_eq!(recommended.refund_minor, 15_000);
            assert!(recommended.reason.contains("rated the food 2"));
        }
        other => panic!("expected the admin queue, got {other:?}"),
    }
}

#[test]
fn disputes_open_only_in_their_window_and_by_their_side() {
    let ends = start() + Duration::hours(4);
    let open = |category, by, state, now| may_open(category, by, state, start(), ends, now);
    assert!(open(
        DisputeCategory::ChefNoShow,
        Party::Customer,
        BookingState::Confirmed,
        start() + Duration::minutes(30)
    )
    .is_ok());
    assert!(
        open(
            DisputeCategory::ChefNoShow,
            Party::Customer,
            BookingState::Confirmed,
            start() - Duration::hours(1)
        )
        .is_err(),
        "before the start"
    );
    assert!(open(
        DisputeCategory::Quality,
        Party::Customer,
        BookingState::Completed,
        ends + Duration::hours(23)
    )
    .is_ok());
    assert!(
        open(
            DisputeCategory::Quality,
            Party::Customer,
            BookingState::Completed,
            ends + Duration::hours(25)
        )
        .is_err(),
        "window closed"
    );
    assert!(
        open(
            DisputeCategory::Quality,
            Party::Chef,
            BookingState::Completed,
            ends
        )
        .is_err(),
        "the customer's to raise"
    );
    assert!(open(
        DisputeCategory::GuestCountExceeded,
        Party::Chef,
        BookingState::Completed,
        ends
    )
    .is_ok());
    assert!(
        open(
            DisputeCategory::Quality,
            Party::Customer,
            BookingState::Released,
            ends
        )
        .is_err(),
        "already paid out"
    );
    assert!(
        open(
            DisputeCategory::Hygiene,
            Party::Customer,
            BookingState::Paid,
            start() + Duration::hours(1)
        )
        .is_ok(),
        "paid the day before and not confirmed yet"
    );
}

fn any_facts() -> impl Strategy<Value = DisputeFacts> {
    let answers = prop_oneof![
        Just(Answer::Silent),
        Just(Answer::Accepted),
        Just(Answer::Contested),
        (0u32..20_000, any::<bool>())
            .prop_map(|(refund_bp, taken)| Answer::CounterOffer { refund_bp, taken }),
    ];
    (
        prop::sample::select(DisputeCategory::ALL.to_vec()),
        answers,
        (0i64..1_000_000, 0i64..1_000_000, 0u32..20_000),
        prop::option::of(-60i64..300),
        (0u32..10, 0u32..12, 0i64..1_000_000),
        (
            1u32..50,
            prop::option::of(0u32..80),
            any::<bool>(),
            prop::option::of(1u8..=5),
        ),
    )
        .prop_map(|(category, answer, money, late, menu, guests)| {
            let (paid, held, claimed) = money;
            DisputeFacts {
                category,
                paid_minor: paid,
                held_minor: held.min(paid),
                claimed_refund_bp: claimed,
                starts_at: start(),
                chef_checked_in_at: late.map(|m| start() + Duration::minutes(m)),
                answer,
                agreed_dishes: menu.0,
                dishes_reported_missing: menu.1,
                quoted_total_minor: menu.2,
                agreed_guests: guests.0,
                guests_reported: guests.1,
                chef_wrote_before_event: guests.2,
                customer_food_rating: guests.3,
            }
        })
}

proptest! {
    #[test]
    fn a_ruling_never_refunds_more_than_was_paid_or_is_held(facts in any_facts()) {
        let ruling = match decide(&facts) {
            Decision::Ruled(ruling) => ruling,
            Decision::ToAdmin { recommended, .. } => recommended,
            Decision::Waiting => return Ok(()),
        };
        prop_assert!(ruling.refund_minor >= 0);
        prop_assert!(ruling.refund_minor <= facts.paid_minor);
        prop_assert!(ruling.refund_minor <= facts.held_minor);
    }

    #[test]
    fn the_same_facts_always_get_the_same_decision(facts in any_facts()) {
        prop_assert_eq!(decide(&facts), decide(&facts.clone()));
    }
}
