//! When a chef works: weekly hours in their home city's local time, and blocked time ranges
//! (days off, and later bookings). A chef is free from T1 to T2 when working hours cover the
//! whole span and no block overlaps it. The database enforces that blocks never overlap;
//! these rules shape and explain the input.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;

const MINUTES_PER_DAY: u16 = 24 * 60;

/// One stretch of working time on a weekday, as people write it: `"09:00"` to `"17:30"`.
/// `"24:00"` ends at midnight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkingHours {
    /// ISO weekday: 1 is Monday, 7 is Sunday.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 7))]
    pub weekday: u8,
    pub starts: String,
    pub ends: String,
}

pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Shift {
    pub weekday: u8,
    pub starts_minute: u16,
    pub ends_minute: u16,
}

impl Shift {
    pub fn to_hours(self) -> WorkingHours {
        WorkingHours {
            weekday: self.weekday,
            starts: clock(self.starts_minute),
            ends: clock(self.ends_minute),
        }
    }
}

fn clock(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// `"HH:MM"` as minutes after midnight; `"24:00"` only where an end is meant.
pub fn parse_clock(field: &str, raw: &str, is_end: bool) -> Result<u16, FieldError> {
    let invalid = || FieldError::new(field, "Write the time as HH:MM, e.g. 09:30.");
    let (hours, minutes) = raw.trim().split_once(':').ok_or_else(invalid)?;
    let hours: u16 = hours.parse().map_err(|_| invalid())?;
    let minutes: u16 = minutes.parse().map_err(|_| invalid())?;
    let minute = hours * 60 + minutes;
    let latest = if is_end {
        MINUTES_PER_DAY
    } else {
        MINUTES_PER_DAY - 1
    };
    if hours > 24 || minutes > 59 || minute > latest {
        return Err(invalid());
    }
    Ok(minute)
}

/// A week of working hours that has passed every rule: shifts sorted, none overlapping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeeklySchedule {
    shifts: Vec<Shift>,
}

impl WeeklySchedule {
    pub const MAX_SHIFTS: usize = 28;

    pub fn parse(hours: &[WorkingHours]) -> Result<Self, FieldError> {
        if hours.len() > Self::MAX_SHIFTS {
            return Err(FieldError::new(
                "weekly_hours",
                "Keep it to 4 shifts a day.",
            ));
        }
        let mut shifts = Vec::with_capacity(hours.len());
        for (i, entry) in hours.iter().enumerate() {
            if !(1..=7).contains(&entry.weekday) {
                return Err(FieldError::new(
                    format!("weekly_hours[{i}].weekday"),
                    "Choose a day from Monday (1) to Sunday (7).",
                ));
            }
            let starts_minute =
                parse_clock(&format!("weekly_hours[{i}].starts"), &entry.starts, false)?;
            let ends_minute = parse_clock(&format!("weekly_hours[{i}].ends"), &entry.ends, true)?;
            if ends_minute <= starts_minute {
                return Err(FieldError::new(
                    format!("weekly_hours[{i}].ends"),
                    "A shift must end after it starts.",
                ));
            }
            shifts.push(Shift {
                weekday: entry.weekday,
                starts_minute,
                ends_minute,
            });
        }
        shifts.sort();
        if let Some(pair) = shifts.windows(2).find(|pair| {
            pair[0].weekday == pair[1].weekday && pair[1].starts_minute < pair[0].ends_minute
        }) {
            return Err(FieldError::new(
                "weekly_hours",
                format!(
                    "Two shifts on {} overlap ({}–{} and {}–{}).",
                    WEEKDAY_NAMES[usize::from(pair[0].weekday - 1)],
                    clock(pair[0].starts_minute),
                    clock(pair[0].ends_minute),
                    clock(pair[1].starts_minute),
                    clock(pair[1].ends_minute)
                ),
            ));
        }
        Ok(Self { shifts })
    }

    /// Shifts read back from storage, already checked when they were saved.
    pub fn from_shifts(mut shifts: Vec<Shift>) -> Self {
        shifts.sort();
        Self { shifts }
    }

    pub fn shifts(&self) -> &[Shift] {
        &self.shifts
    }

    pub fn is_empty(&self) -> bool {
        self.shifts.is_empty()
    }

    /// Whether working hours cover every minute from `start` to `end`, both in the chef's
    /// local time. Shifts that touch (12:00–14:00 after 09:00–12:00, or Monday until 24:00
    /// and Tuesday from 00:00) join up. A chef who set no hours works any time.
    pub fn covers(&self, start: NaiveDateTime, end: NaiveDateTime) -> bool {
        if self.shifts.is_empty() {
            return true;
        }
        let mut cursor = start;
        while cursor < end {
            let weekday = cursor.weekday().number_from_monday() as u8;
            let minute = (cursor.hour() * 60 + cursor.minute()) as u16;
            let Some(shift) = self.shifts.iter().find(|s| {
                s.weekday == weekday && s.starts_minute <= minute && minute < s.ends_minute
            }) else {
                return false;
            };
            let midnight = cursor.date().and_hms_opt(0, 0, 0).expect("midnight exists");
            cursor = midnight + Duration::minutes(i64::from(shift.ends_minute));
        }
        true
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BlockKind {
    /// Time the chef took off.
    Blocked,
    /// Time an accepted booking holds.
    Booking,
}

impl BlockKind {
    pub fn code(self) -> &'static str {
        match self {
            BlockKind::Blocked => "blocked",
            BlockKind::Booking => "booking",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "blocked" => Some(BlockKind::Blocked),
            "booking" => Some(BlockKind::Booking),
            _ => None,
        }
    }
}

/// A time range on a chef's calendar when they cannot be booked. Half-open: a block ending
/// at 18:00 and one starting at 18:00 do not overlap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarBlock {
    pub id: i64,
    pub kind: BlockKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reason: String,
    /// The span in the chef's local time, e.g. "Thu 24 Dec 2026".
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockForm {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidBlock {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reason: String,
}

impl BlockForm {
    pub const LONGEST: Duration = Duration::days(366);

    /// `now` is the caller's clock: a block wholly in the past changes nothing.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidBlock, FieldError> {
        if self.ends_at <= self.starts_at {
            return Err(FieldError::new(
                "ends_at",
                "The end must be after the start.",
            ));
        }
        if self.ends_at - self.starts_at > Self::LONGEST {
            return Err(FieldError::new(
                "ends_at",
                "Block at most a year at a time.",
            ));
        }
        if self.ends_at <= now {
            return Err(FieldError::new("ends_at", "This time has already passed."));
        }
        let reason = self.reason.trim();
        if reason.chars().count() > 200 {
            return Err(FieldError::new(
                "reason",
                "Keep the note to 200 characters.",
            ));
        }
        Ok(ValidBlock {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            reason: reason.to_owned(),
        })
    }
}

/// Why a chef cannot take an event starting at `starts` (with the event's own UTC offset,
/// so its local time is the wall clock there) and lasting `minutes`: it runs outside their
/// weekly hours, or over time they have blocked. Empty when they can. The chef's page asks
/// this as the customer changes the date; the booking service refuses with the same words.
pub fn schedule_problems(
    chef_name: &str,
    hours: &[WorkingHours],
    busy: &[BusyTime],
    starts: DateTime<FixedOffset>,
    minutes: u32,
) -> Vec<FieldError> {
    let mut problems = Vec::new();
    let ends = starts + Duration::minutes(i64::from(minutes));
    let schedule = WeeklySchedule::parse(hours).unwrap_or_default();
    if !schedule.covers(starts.naive_local(), ends.naive_local()) {
        let weekday = starts.weekday().number_from_monday() as u8;
        let day = WEEKDAY_NAMES[usize::from(weekday - 1)];
        let that_day: Vec<String> = schedule
            .shifts()
            .iter()
            .filter(|shift| shift.weekday == weekday)
            .map(|shift| {
                format!(
                    "{}–{}",
                    clock(shift.starts_minute),
                    clock(shift.ends_minute)
                )
            })
            .collect();
        let message = if that_day.is_empty() {
            format!("{chef_name} does not work on {day}s. Choose another day.")
        } else {
            format!(
                "{chef_name} works {day}s {}: the event must fit inside those hours.",
                that_day.join(" and ")
            )
        };
        problems.push(FieldError::new("starts_at", message));
    }
    let (from, to) = (starts.with_timezone(&Utc), ends.with_timezone(&Utc));
    if let Some(taken) = busy.iter().find(|b| b.starts_at < to && b.ends_at > from) {
        problems.push(FieldError::new(
            "starts_at",
            format!(
                "{chef_name} is not free then ({}). Choose another time.",
                taken.label
            ),
        ));
    }
    problems
}

/// Time a chef cannot be booked, as visitors see it: when, not why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusyTime {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The span in the chef's local time, e.g. "Thu 24 Dec – Sat 26 Dec 2026".
    pub label: String,
}

/// The answer to "is this chef free from T1 to T2?", with why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Availability {
    pub free: bool,
    pub within_working_hours: bool,
    pub clashes_with_calendar: bool,
    /// The time asked about has begun already: nobody can book it any more.
    #[serde(default)]
    pub has_begun: bool,
}

impl Availability {
    pub fn new(within_working_hours: bool, clashes_with_calendar: bool, has_begun: bool) -> Self {
        Self {
            free: within_working_hours && !clashes_with_calendar && !has_begun,
            within_working_hours,
            clashes_with_calendar,
            has_begun,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn hours(weekday: u8, starts: &str, ends: &str) -> WorkingHours {
        WorkingHours {
            weekday,
            starts: starts.into(),
            ends: ends.into(),
        }
    }

    /// 2026-11-30 is a Monday.
    fn monday_at(hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(hour, minute, 0)
            .unwrap()
    }

    /// Saturday 5 December 2026 at `hour`:00 in Lisbon winter time (UTC+0).
    fn saturday_at(hour: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2026, 12, 5, hour, 0, 0)
            .unwrap()
    }

    #[test]
    fn an_event_outside_the_chefs_hours_or_on_blocked_time_is_explained() {
        let hours = [hours(6, "12:00", "23:00")];
        assert!(schedule_problems("Ana", &hours, &[], saturday_at(18), 240).is_empty());
        let late = schedule_problems("Ana", &hours, &[], saturday_at(21), 240);
        assert_eq!(late[0].field, "starts_at");
        assert_eq!(
            late[0].message,
            "Ana works Saturdays 12:00–23:00: the event must fit inside those hours."
        );
        let sunday = schedule_problems("Ana", &hours, &[], saturday_at(18) + Duration::days(1), 60);
        assert_eq!(
            sunday[0].message,
            "Ana does not work on Sundays. Choose another day."
        );

        let holiday = BusyTime {
            starts_at: Utc.with_ymd_and_hms(2026, 12, 5, 0, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 12, 6, 0, 0, 0).unwrap(),
            label: "Sat 5 Dec 2026".into(),
        };
        let blocked = schedule_problems("Ana", &[], &[holiday], saturday_at(18), 120);
        assert_eq!(blocked.len(), 1, "no hours set: any time but blocked time");
        assert_eq!(
            blocked[0].message,
            "Ana is not free then (Sat 5 Dec 2026). Choose another time."
        );
    }

    #[test]
    fn an_evening_inside_a_shift_is_covered_and_one_running_past_it_is_not() {
        let week = WeeklySchedule::parse(&[hours(1, "17:00", "23:00")]).unwrap();
        assert!(week.covers(monday_at(18, 0), monday_at(22, 0)));
        assert!(!week.covers(monday_at(18, 0), monday_at(23, 30)));
        assert!(!week.covers(monday_at(16, 0), monday_at(18, 0)));
    }

    #[test]
    fn touching_shifts_join_up_even_across_midnight() {
        let week = WeeklySchedule::parse(&[
            hours(1, "12:00", "15:00"),
            hours(1, "18:00", "24:00"),
            hours(2, "00:00", "02:00"),
            hours(1, "15:00", "18:00"),
        ])
        .unwrap();
        assert!(week.covers(monday_at(13, 0), monday_at(23, 0)));
        assert!(week.covers(monday_at(20, 0), monday_at(20, 0) + Duration::hours(5)));
        assert!(!week.covers(monday_at(20, 0), monday_at(20, 0) + Duration::hours(7)));
    }

    #[test]
    fn a_chef_without_hours_works_any_time() {
        assert!(WeeklySchedule::default().covers(monday_at(3, 0), monday_at(4, 0)));
    }

    #[test]
    fn overlapping_or_backwards_shifts_are_rejected() {
        let overlap =
            WeeklySchedule::parse(&[hours(5, "10:00", "14:00"), hours(5, "13:00", "16:00")]);
        assert_eq!(
            overlap.unwrap_err().message,
            "Two shifts on Friday overlap (10:00–14:00 and 13:00–16:00)."
        );
        let backwards = WeeklySchedule::parse(&[hours(2, "18:00", "09:00")]).unwrap_err();
        assert_eq!(backwards.field, "weekly_hours[0].ends");
        assert_eq!(
            WeeklySchedule::parse(&[hours(8, "09:00", "10:00")])
                .unwrap_err()
                .field,
            "weekly_hours[0].weekday"
        );
    }

    #[test]
    fn clock_times_are_checked_and_midnight_only_ends_a_shift() {
        assert_eq!(parse_clock("t", "09:30", false), Ok(570));
        assert_eq!(parse_clock("t", "24:00", true), Ok(1440));
        assert!(parse_clock("t", "24:00", false).is_err());
        assert!(parse_clock("t", "12:60", true).is_err());
        assert!(parse_clock("t", "noon", true).is_err());
    }

    #[test]
    fn a_block_must_end_after_it_starts_and_not_lie_in_the_past() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        let form = BlockForm {
            starts_at: now + Duration::days(2),
            ends_at: now + Duration::days(3),
            reason: " Family wedding ".into(),
        };
        assert_eq!(form.validate(now).unwrap().reason, "Family wedding");
        let backwards = BlockForm {
            ends_at: form.starts_at,
            ..form.clone()
        };
        assert_eq!(backwards.validate(now).unwrap_err().field, "ends_at");
        let past = BlockForm {
            starts_at: now - Duration::days(3),
            ends_at: now - Duration::days(2),
            ..form
        };
        assert_eq!(
            past.validate(now).unwrap_err().message,
            "This time has already passed."
        );
    }
}
