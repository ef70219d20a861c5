//! Today's date, from the clock of whichever side is running: the server's, or the
//! browser's. Domain rules take dates as arguments; this is where they come from.

use chrono::NaiveDate;

/// Real time, even on a test server: the browser knows no other, and the page it hydrates
/// must match the one the server rendered.
#[cfg(feature = "ssr")]
pub fn today() -> NaiveDate {
    backend::Clock::system().now().date_naive()
}

#[cfg(not(feature = "ssr"))]
pub fn today() -> NaiveDate {
    #[cfg(feature = "hydrate")]
    {
        let now = web_sys::js_sys::Date::new_0();
        if let Some(date) = NaiveDate::from_ymd_opt(
            now.get_utc_full_year() as i32,
            now.get_utc_month() + 1,
            now.get_utc_date(),
        ) {
            return date;
        }
    }
    NaiveDate::MIN
}
