//! What a visitor has chosen in "Price your event", as typed, and its reading into the
//! calculator's input: the quote builder prices that, and the booking request under it
//! sends it, typed, as the API's booking form.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use domain::{
    places::{city_named, event_start, local_time, City},
    pricing::QuoteChoice,
    FieldError,
};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct QuoteInputs {
    pub dishes: BTreeSet<i64>,
    pub guests: String,
    pub special_diets: String,
    pub date: String,
    pub time: String,
    pub hours: String,
    pub city: String,
}

/// Keeps what parsed; notes what did not.
fn kept<T>(problems: &mut Vec<FieldError>, read: Result<T, FieldError>) -> Option<T> {
    read.map_err(|problem| problems.push(problem)).ok()
}

fn whole(field: &str, typed: &str, ask: &str) -> Result<i64, FieldError> {
    typed
        .trim()
        .parse()
        .map_err(|_| FieldError::new(field, ask))
}

/// An event's day, hours, guests and place as a form types them.
pub(crate) struct TypedEvent<'a> {
    pub date: &'a str,
    pub time: &'a str,
    pub hours: &'a str,
    pub guests: &'a str,
    pub city: &'a str,
}

/// A typed event read: its start on the clocks of its city.
pub(crate) struct ReadEvent {
    pub starts_at: DateTime<FixedOffset>,
    pub duration_hours: f64,
    pub guests: i64,
    pub city: &'static City,
}

impl TypedEvent<'_> {
    /// The event as the domain's forms take it, or every field that cannot be read.
    pub fn read(&self, problems: &mut Vec<FieldError>) -> Option<ReadEvent> {
        let guests = kept(
            problems,
            whole("guests", self.guests, "Write the number of guests."),
        );
        let duration_hours = kept(
            problems,
            self.hours
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .map_err(|_| {
                    FieldError::new("duration_hours", "Write how many hours the event lasts.")
                }),
        );
        let city = kept(
            problems,
            city_named(self.city)
                .ok_or_else(|| FieldError::new("city", "Choose where the event takes place.")),
        );
        let date = kept(
            problems,
            NaiveDate::parse_from_str(self.date, "%Y-%m-%d")
                .map_err(|_| FieldError::new("starts_at", "Choose the day of the event.")),
        );
        let time = kept(
            problems,
            NaiveTime::parse_from_str(self.time, "%H:%M")
                .map_err(|_| FieldError::new("starts_at", "Choose the time the event starts.")),
        );
        let (city, date, time) = (city?, date?, time?);
        let starts_at = kept(problems, event_start(city.name, date, time))?;
        Some(ReadEvent {
            starts_at: local_time(city.name, starts_at),
            duration_hours: duration_hours?,
            guests: guests?,
            city,
        })
    }
}

impl QuoteInputs {
    /// The choice for `chef_id` as the calculator takes it; every problem at once.
    pub fn choice(&self, chef_id: i64) -> Result<QuoteChoice, Vec<FieldError>> {
        let mut problems = Vec::new();
        let event = TypedEvent {
            date: &self.date,
            time: &self.time,
            hours: &self.hours,
            guests: &self.guests,
            city: &self.city,
        }
        .read(&mut problems);
        let special_diet_guests = kept(
            &mut problems,
            whole(
                "special_diet_guests",
                &self.special_diets,
                "Write how many guests need a plate made apart (0 if none).",
            ),
        );
        match (event, special_diet_guests) {
            (Some(event), Some(special_diet_guests)) if problems.is_empty() => Ok(QuoteChoice {
                chef_id,
                dish_ids: self.dishes.iter().copied().collect(),
                guests: event.guests,
                starts_at: event.starts_at,
                duration_hours: event.duration_hours,
                lat: event.city.lat,
                lng: event.city.lng,
                special_diet_guests,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs() -> QuoteInputs {
        QuoteInputs {
            dishes: [3, 5].into(),
            guests: "12".into(),
            special_diets: "1".into(),
            date: "2027-06-11".into(),
            time: "21:00".into(),
            hours: "4,5".into(),
            city: "new york".into(),
        }
    }

    #[test]
    fn an_event_is_read_on_the_clocks_of_its_city() {
        let choice = inputs().choice(7).unwrap();
        assert_eq!(choice.starts_at.to_rfc3339(), "2027-06-11T21:00:00-04:00");
        assert_eq!(
            (
                choice.guests,
                choice.special_diet_guests,
                choice.duration_hours
            ),
            (12, 1, 4.5)
        );
        assert_eq!(choice.dish_ids, [3, 5]);
    }

    #[test]
    fn a_late_evening_keeps_the_date_typed() {
        let late = QuoteInputs {
            date: "2027-06-12".into(),
            time: "23:30".into(),
            city: "Lisbon".into(),
            ..inputs()
        };
        assert_eq!(
            late.choice(7).unwrap().starts_at.date_naive().to_string(),
            "2027-06-12"
        );
        let american = QuoteInputs {
            date: "12/06/2027".into(),
            ..inputs()
        };
        assert_eq!(american.choice(7).unwrap_err()[0].field, "starts_at");
    }

    #[test]
    fn every_unreadable_field_is_named_at_once() {
        let typed = QuoteInputs {
            guests: "a dozen".into(),
            hours: "".into(),
            city: "Atlantis".into(),
            ..inputs()
        };
        let fields: Vec<_> = typed
            .choice(7)
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["guests", "duration_hours", "city"]);
        let blank = QuoteInputs {
            special_diets: " ".into(),
            ..inputs()
        };
        assert_eq!(blank.choice(7).unwrap_err()[0].field, "special_diet_guests");
    }
}
