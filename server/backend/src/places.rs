//! Where the served cities' clocks stand: the time zone of a city by its name, and the
//! instant a local date and time there stands for.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use domain::{places::city_named, FieldError};

/// The city's time zone; UTC for a city we no longer list.
pub fn time_zone_of(city: &str) -> Tz {
    city_named(city)
        .and_then(|city| city.timezone.parse().ok())
        .unwrap_or(Tz::UTC)
}

/// The instant a wall-clock date and time in `city` stands for: what a booking form in the
/// browser sends, since the event's time is written as the people there read it.
pub fn event_start(
    city: &str,
    date: NaiveDate,
    time: NaiveTime,
) -> Result<DateTime<Utc>, FieldError> {
    if city_named(city).is_none() {
        return Err(FieldError::new(
            "city",
            "Choose one of the cities we serve.",
        ));
    }
    time_zone_of(city)
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
