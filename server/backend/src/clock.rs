//! The platform's clock. Deadlines, reminders and the release of payments all read it, so
//! it is passed around rather than read from the system: tests build an adjustable clock
//! and move it forward past an event and its complaint window in a moment.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// How far an adjustable clock runs ahead of real time, in milliseconds; None for the
    /// real clock, which nothing can move.
    ahead_ms: Option<Arc<AtomicI64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("this clock shows real time and cannot be moved")]
    Fixed,
    #[error("a clock only moves forward")]
    Backwards,
}

impl Clock {
    /// Real time.
    pub fn system() -> Self {
        Self::default()
    }

    /// Starts at real time and can be moved forward: for tests, and for `serve` with
    /// `TEST_CLOCK=1` so end-to-end tests can move time over HTTP.
    pub fn adjustable() -> Self {
        Self {
            ahead_ms: Some(Arc::new(AtomicI64::new(0))),
        }
    }

    /// An adjustable clock that shows `start` now, for replaying a past: `seed` books the
    /// demo's past dinners through the services as they would have happened.
    pub fn adjustable_from(start: DateTime<Utc>) -> Self {
        let clock = Self::adjustable();
        let behind = (clock.now() - start).num_milliseconds();
        if let Some(ahead) = &clock.ahead_ms {
            ahead.store(-behind, Ordering::SeqCst);
        }
        clock
    }

    /// Moves an adjustable clock forward to `when`; a time already passed leaves it.
    pub fn advance_to(&self, when: DateTime<Utc>) -> Result<DateTime<Utc>, ClockError> {
        let by = (when - self.now()).max(Duration::zero());
        // Whole milliseconds, rounded up: the clock shows `when` or just after, never before.
        let millis = by
            .num_microseconds()
            .map_or(by.num_milliseconds(), |us| (us + 999) / 1000);
        self.advance(Duration::milliseconds(millis))
    }

    pub fn is_adjustable(&self) -> bool {
        self.ahead_ms.is_some()
    }

    pub fn now(&self) -> DateTime<Utc> {
        let ahead = self
            .ahead_ms
            .as_ref()
            .map_or(0, |ahead| ahead.load(Ordering::SeqCst));
        // Microseconds: what PostgreSQL keeps, so a time read back equals the one written.
        // The one place that reads the system time; clippy.toml refuses it anywhere else.
        #[allow(clippy::disallowed_methods)]
        let real = Utc::now();
        (real + Duration::milliseconds(ahead)).trunc_subsecs(6)
    }

    /// Moves the clock forward by `by`; every clone of it moves too. Returns the new time.
    pub fn advance(&self, by: Duration) -> Result<DateTime<Utc>, ClockError> {
        let ahead = self.ahead_ms.as_ref().ok_or(ClockError::Fixed)?;
        if by < Duration::zero() {
            return Err(ClockError::Backwards);
        }
        ahead.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
        Ok(self.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_set_in_the_past_runs_from_there_and_moves_up_to_a_time() {
        let start = Clock::system().now() - Duration::days(100);
        let clock = Clock::adjustable_from(start);
        assert!((clock.now() - start).num_seconds().abs() < 5);
        let later = start + Duration::days(40);
        assert!(
            (clock.advance_to(later).unwrap() - later)
                .num_seconds()
                .abs()
                < 5
        );
        assert!(clock.advance_to(start).unwrap() >= later, "never back");
    }

    #[test]
    fn an_adjustable_clock_moves_forward_with_all_its_clones() {
        let clock = Clock::adjustable();
        let seen_elsewhere = clock.clone();
        let before = seen_elsewhere.now();
        clock.advance(Duration::days(30)).unwrap();
        assert!(seen_elsewhere.now() - before >= Duration::days(30));
        assert_eq!(
            clock.advance(Duration::hours(-1)),
            Err(ClockError::Backwards)
        );
    }

    #[test]
    fn the_real_clock_cannot_be_moved() {
        assert_eq!(
            Clock::system().advance(Duration::days(1)),
            Err(ClockError::Fixed)
        );
    }
}
