//! Cities Chef Galaxy serves, with real coordinates, for demo data and for picking an event's
//! or a chef's place without typing coordinates.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::{money::Currency, FieldError};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct City {
    pub name: &'static str,
    pub country: &'static str,
    pub lat: f64,
    pub lng: f64,
    pub currency: Currency,
    /// Its clocks: an event's date and a chef's working hours are read there.
    pub timezone: Tz,
}

const fn city(
    name: &'static str,
    country: &'static str,
    lat: f64,
    lng: f64,
    currency: Currency,
    timezone: Tz,
) -> City {
    City {
        name,
        country,
        lat,
        lng,
        currency,
        timezone,
    }
}

pub const CITIES: &[City] = &[
    city(
        "Paris",
        "France",
        48.8566,
        2.3522,
        Currency::EUR,
        Tz::Europe__Paris,
    ),
    city(
        "Lyon",
        "France",
        45.7640,
        4.8357,
        Currency::EUR,
        Tz::Europe__Paris,
    ),
    city(
        "Berlin",
        "Germany",
        52.5200,
        13.4050,
        Currency::EUR,
        Tz::Europe__Berlin,
    ),
    city(
        "Munich",
        "Germany",
        48.1351,
        11.5820,
        Currency::EUR,
        Tz::Europe__Berlin,
    ),
    city(
        "Madrid",
        "Spain",
        40.4168,
        -3.7038,
        Currency::EUR,
        Tz::Europe__Madrid,
    ),
    city(
        "Barcelona",
        "Spain",
        41.3874,
        2.1686,
        Currency::EUR,
        Tz::Europe__Madrid,
    ),
    city(
        "Lisbon",
        "Portugal",
        38.7223,
        -9.1393,
        Currency::EUR,
        Tz::Europe__Lisbon,
    ),
    city(
        "Rome",
        "Italy",
        41.9028,
        12.4964,
        Currency::EUR,
        Tz::Europe__Rome,
    ),
    city(
        "Milan",
        "Italy",
        45.4642,
        9.1900,
        Currency::EUR,
        Tz::Europe__Rome,
    ),
    city(
        "Amsterdam",
        "Netherlands",
        52.3676,
        4.9041,
        Currency::EUR,
        Tz::Europe__Amsterdam,
    ),
    city(
        "Vienna",
        "Austria",
        48.2082,
        16.3738,
        Currency::EUR,
        Tz::Europe__Vienna,
    ),
    city(
        "Dublin",
        "Ireland",
        53.3498,
        -6.2603,
        Currency::EUR,
        Tz::Europe__Dublin,
    ),
    city(
        "London",
        "United Kingdom",
        51.5074,
        -0.1278,
        Currency::GBP,
        Tz::Europe__London,
    ),
    city(
        "New York",
        "United States",
        40.7128,
        -74.0060,
        Currency::USD,
        Tz::America__New_York,
    ),
];

pub fn city_named(name: &str) -> Option<&'static City> {
    CITIES
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(name.trim()))
}

/// The city's time zone; UTC for a city we do not serve.
pub fn time_zone_of(city: &str) -> Tz {
    city_named(city).map_or(Tz::UTC, |city| city.timezone)
}

/// The instant a wall-clock date and time in `city` stands for: an event's time is written
/// as the people there read it.
pub fn event_start(
    city: &str,
    date: NaiveDate,
    time: NaiveTime,
) -> Result<DateTime<Utc>, FieldError> {
    let Some(city) = city_named(city) else {
        return Err(FieldError::new(
            "city",
            "Choose one of the cities we serve.",
        ));
    };
    city.timezone
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|local| local.with_timezone(&Utc))
        .ok_or_else(|| {
            FieldError::new(
                "starts_at",
                "That time does not exist there: the clocks change that night.",
            )
        })
}

/// `at` as the clocks in `city` read it, with their offset: its date there is the event's
/// date (weekend and holiday rates).
pub fn local_time(city: &str, at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&time_zone_of(city)).fixed_offset()
}

/// How a time is written on an event's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockStyle {
    /// "Sat 12 Jun 2027, 19:00"
    Full,
    /// "12 Jun 19:00", for the lines of a thread or a trail.
    Short,
}

/// `at` as people at an event in `city` read it, with the zone named so that nobody has to
/// convert in their head: "Sat 12 Jun 2027, 19:00 Lisbon time" (UTC for a city we do not serve).
/// Every time on a booking's pages is written this way.
pub fn event_clock(city: &str, at: DateTime<Utc>, style: ClockStyle) -> String {
    let pattern = match style {
        ClockStyle::Full => "%a %-d %b %Y, %H:%M",
        ClockStyle::Short => "%-d %b %H:%M",
    };
    match city_named(city) {
        Some(city) => format!(
            "{} {} time",
            at.with_timezone(&city.timezone).format(pattern),
            city.name
        ),
        None => format!("{} UTC", at.format(pattern)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::Coordinates;

    #[test]
    fn every_city_has_valid_coordinates_and_a_unique_name() {
        let mut names: Vec<_> = CITIES.iter().map(|c| c.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), CITIES.len());
        assert!(CITIES
            .iter()
            .all(|c| Coordinates::parse(c.lat, c.lng).is_ok()));
    }

    #[test]
    fn an_evening_in_new_york_is_the_next_day_in_utc_but_priced_on_its_own_date() {
        let date = NaiveDate::from_ymd_opt(2027, 6, 11).unwrap();
        let start = event_start("New York", date, NaiveTime::from_hms_opt(21, 0, 0).unwrap());
        let start = start.unwrap();
        assert_eq!(
            start.date_naive(),
            NaiveDate::from_ymd_opt(2027, 6, 12).unwrap()
        );
        assert_eq!(local_time("New York", start).date_naive(), date);
        assert_eq!(
            local_time("New York", start).offset().local_minus_utc(),
            -4 * 3600
        );
    }

    #[test]
    fn a_time_the_clocks_skip_is_refused() {
        let spring_forward = NaiveDate::from_ymd_opt(2027, 3, 28).unwrap();
        let lost = event_start(
            "Lisbon",
            spring_forward,
            NaiveTime::from_hms_opt(1, 30, 0).unwrap(),
        );
        assert_eq!(lost.unwrap_err().field, "starts_at");
        assert_eq!(
            event_start("Atlantis", spring_forward, NaiveTime::MIN)
                .unwrap_err()
                .field,
            "city"
        );
    }

    #[test]
    fn a_city_is_found_by_name_whatever_the_case() {
        assert_eq!(city_named(" lisbon ").map(|c| c.country), Some("Portugal"));
        assert!(city_named("Atlantis").is_none());
    }

    #[test]
    fn an_event_time_is_written_in_the_city_s_clock_with_the_city_named() {
        let at = Utc.with_ymd_and_hms(2027, 6, 12, 18, 0, 0).unwrap();
        assert_eq!(
            event_clock("Lisbon", at, ClockStyle::Full),
            "Sat 12 Jun 2027, 19:00 Lisbon time"
        );
        assert_eq!(
            event_clock("new york", at, ClockStyle::Short),
            "12 Jun 14:00 New York time"
        );
        assert_eq!(
            event_clock("Atlantis", at, ClockStyle::Short),
            "12 Jun 18:00 UTC"
        );
    }
}
