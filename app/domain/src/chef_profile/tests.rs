//! The profile rules, case by case.

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    date(2026, 11, 26)
}

fn complete_form() -> ChefProfileForm {
    ChefProfileForm {
        headline: "Seasonal Italian cooking for weddings".into(),
        bio: "Twelve years in Milan and Lisbon kitchens.".into(),
        years_experience: 12,
        education: vec![EducationEntry {
            level: EducationLevel::Diploma,
            institution: "ALMA, Colorno".into(),
            year: 2014,
        }],
        languages: vec![
            LanguageSkill {
                language: "Italian".into(),
                proficiency: Proficiency::Native,
            },
            LanguageSkill {
                language: "English".into(),
                proficiency: Proficiency::C1,
            },
        ],
        certifications: vec![Certification {
            name: "Food handler level 2".into(),
            issuer: "ASAE".into(),
            expires_on: Some(date(2027, 3, 1)),
        }],
        cuisines: vec!["italian".into(), "Mediterranean".into()],
        city: "Lisbon".into(),
        lat: 38.71,
        lng: -9.15,
        service_radius_km: 40,
        base_rate_minor: 6500,
        min_guests: 2,
        max_guests: 80,
    }
}

#[test]
fn a_complete_profile_is_accepted_with_cuisines_spelled_as_listed() {
    let profile = complete_form().validate(today()).unwrap();
    assert_eq!(profile.cuisines, ["Italian", "Mediterranean"]);
    assert_eq!(profile.base_rate, Money::new(6500, Currency::EUR));
    assert_eq!(profile.guests, GuestRange { min: 2, max: 80 });
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let form = ChefProfileForm {
        headline: "Chef".into(),
        years_experience: -1,
        service_radius_km: 0,
        min_guests: 10,
        max_guests: 5,
        ..complete_form()
    };
    let fields: Vec<_> = form
        .validate(today())
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(
        fields,
        [
            "headline",
            "years_experience",
            "service_radius_km",
            "max_guests"
        ]
    );
}

#[test]
fn a_qualification_from_the_future_is_rejected_with_its_row_named() {
    let mut form = complete_form();
    form.education[0].year = 2031;
    let errors = form.validate(today()).unwrap_err();
    assert_eq!(errors[0].field, "education[0].year");
}

#[test]
fn a_language_listed_twice_or_none_at_all_is_rejected() {
    let twice = [
        LanguageSkill {
            language: "French".into(),
            proficiency: Proficiency::B2,
        },
        LanguageSkill {
            language: "french".into(),
            proficiency: Proficiency::C1,
        },
    ];
    assert_eq!(
        parse_languages(&twice).unwrap_err().field,
        "languages[1].language"
    );
    assert_eq!(parse_languages(&[]).unwrap_err().field, "languages");
}

#[test]
fn an_unknown_cuisine_is_named_in_the_error() {
    let error = parse_cuisines(&["Martian".into()]).unwrap_err();
    assert!(error.message.contains("Martian"));
}

#[test]
fn a_free_or_absurd_hourly_rate_is_rejected() {
    assert!(parse_base_rate(0, "EUR").is_err());
    assert!(parse_base_rate(1_000_001, "EUR").is_err());
    assert_eq!(parse_base_rate(5000, "E").unwrap_err().field, "currency");
}

#[test]
fn the_rate_is_in_the_home_citys_currency() {
    let form = ChefProfileForm {
        city: "london".into(),
        lat: 51.5,
        lng: -0.12,
        ..complete_form()
    };
    let profile = form.validate(today()).unwrap();
    assert_eq!(profile.base_rate.currency, Currency::GBP);
    assert_eq!(profile.home.city.name, "London");
}

#[test]
fn a_pin_far_from_the_chosen_city_or_an_unknown_city_is_rejected() {
    assert_eq!(
        HomeLocation::parse("Lisbon", 41.15, -8.61)
            .unwrap_err()
            .field,
        "lat"
    );
    assert_eq!(
        HomeLocation::parse("Atlantis", 38.7, -9.1)
            .unwrap_err()
            .field,
        "city"
    );
    assert_eq!(
        HomeLocation::parse("Lisbon", f64::NAN, -9.1)
            .unwrap_err()
            .field,
        "lat"
    );
}

#[test]
fn a_long_expired_certificate_is_rejected_but_a_recently_expired_one_is_kept() {
    let recent = Certification {
        name: "Food handler".into(),
        issuer: String::new(),
        expires_on: Some(date(2025, 1, 1)),
    };
    let ancient = Certification {
        expires_on: Some(date(2019, 1, 1)),
        ..recent.clone()
    };
    let kept = parse_certifications(std::slice::from_ref(&recent), today()).unwrap();
    assert!(kept[0].is_expired(today()));
    assert_eq!(
        parse_certifications(&[recent, ancient], today())
            .unwrap_err()
            .field,
        "certifications[1].expires_on"
    );
}

#[test]
fn proficiency_uses_cefr_codes_in_json() {
    let json = serde_json::to_string(&[Proficiency::B2, Proficiency::Native]).unwrap();
    assert_eq!(json, r#"["B2","native"]"#);
}
