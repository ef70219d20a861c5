//! Cities Chef Galaxy serves, with real coordinates, for demo data and for picking an event's
//! or a chef's place without typing coordinates.

use crate::money::Currency;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct City {
    pub name: &'static str,
    pub country: &'static str,
    pub lat: f64,
    pub lng: f64,
    pub currency: Currency,
    /// IANA time zone: a chef's working hours are in their home city's local time.
    pub timezone: &'static str,
}

const fn city(
    name: &'static str,
    country: &'static str,
    lat: f64,
    lng: f64,
    currency: Currency,
    timezone: &'static str,
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
        "Europe/Paris",
    ),
    city(
        "Lyon",
        "France",
        45.7640,
        4.8357,
        Currency::EUR,
        "Europe/Paris",
    ),
    city(
        "Berlin",
        "Germany",
        52.5200,
        13.4050,
        Currency::EUR,
        "Europe/Berlin",
    ),
    city(
        "Munich",
        "Germany",
        48.1351,
        11.5820,
        Currency::EUR,
        "Europe/Berlin",
    ),
    city(
        "Madrid",
        "Spain",
        40.4168,
        -3.7038,
        Currency::EUR,
        "Europe/Madrid",
    ),
    city(
        "Barcelona",
        "Spain",
        41.3874,
        2.1686,
        Currency::EUR,
        "Europe/Madrid",
    ),
    city(
        "Lisbon",
        "Portugal",
        38.7223,
        -9.1393,
        Currency::EUR,
        "Europe/Lisbon",
    ),
    city(
        "Rome",
        "Italy",
        41.9028,
        12.4964,
        Currency::EUR,
        "Europe/Rome",
    ),
    city(
        "Milan",
        "Italy",
        45.4642,
        9.1900,
        Currency::EUR,
        "Europe/Rome",
    ),
    city(
        "Amsterdam",
        "Netherlands",
        52.3676,
        4.9041,
        Currency::EUR,
        "Europe/Amsterdam",
    ),
    city(
        "Vienna",
        "Austria",
        48.2082,
        16.3738,
        Currency::EUR,
        "Europe/Vienna",
    ),
    city(
        "Dublin",
        "Ireland",
        53.3498,
        -6.2603,
        Currency::EUR,
        "Europe/Dublin",
    ),
    city(
        "London",
        "United Kingdom",
        51.5074,
        -0.1278,
        Currency::GBP,
        "Europe/London",
    ),
    city(
        "New York",
        "United States",
        40.7128,
        -74.0060,
        Currency::USD,
        "America/New_York",
    ),
];

pub fn city_named(name: &str) -> Option<&'static City> {
    CITIES
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(name.trim()))
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
    fn a_city_is_found_by_name_whatever_the_case() {
        assert_eq!(city_named(" lisbon ").map(|c| c.country), Some("Portugal"));
        assert!(city_named("Atlantis").is_none());
    }
}
