//! Chefs' working hours and calendar blocks, and the question later bookings ask: is this
//! chef free from T1 to T2?
//!
//! Working hours are kept in the chef's local time (their home city's time zone), because a
//! chef who works "Saturdays from 18:00" means local 18:00 in summer and in winter. Blocks
//! are instants in UTC. Overlapping blocks are refused by the database itself (an exclusion
//! constraint on PostgreSQL, triggers on SQLite), so two requests racing cannot both win.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use domain::{
    account::CurrentUser,
    availability::{
        Availability, BlockForm, BlockKind, BusyTime, CalendarBlock, Shift, WeeklySchedule,
        WorkingHours,
    },
    FieldError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::{
    authz::ensure_may_edit_chef,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{calendar_blocks, chef_profiles, weekly_hours},
    search::outbox::chef_changed,
    ServiceError,
};
use domain::places::time_zone_of;

/// The constraint (PostgreSQL) and trigger message (SQLite) that refuse overlapping blocks.
const OVERLAP: &str = "calendar_blocks_no_overlap";

/// The longest span one availability question may cover.
const LONGEST_QUESTION: Duration = Duration::days(14);

#[derive(Clone)]
pub struct Calendar {
    db: DatabaseConnection,
    clock: Clock,
}

impl Calendar {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
        }
    }

    /// Replaces the chef's whole week at once.
    pub async fn set_weekly_hours(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        hours: &[WorkingHours],
    ) -> Result<Vec<WorkingHours>, ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        let schedule = WeeklySchedule::parse(hours)?;
        let txn = begin_write(&self.db).await?;
        chef_time_zone(&txn, chef_id).await?;
        weekly_hours::Entity::delete_many()
            .filter(weekly_hours::Column::ChefId.eq(chef_id))
            .exec(&txn)
            .await?;
        if !schedule.is_empty() {
            weekly_hours::Entity::insert_many(schedule.shifts().iter().map(|shift| {
                weekly_hours::ActiveModel {
                    chef_id: Set(chef_id),
                    weekday: Set(i16::from(shift.weekday)),
                    starts_minute: Set(shift.starts_minute as i16),
                    ends_minute: Set(shift.ends_minute as i16),
                    ..Default::default()
                }
            }))
            .exec(&txn)
            .await?;
        }
        chef_changed(&txn, chef_id, self.clock.now()).await?;
        txn.commit().await?;
        Ok(schedule.shifts().iter().map(|s| s.to_hours()).collect())
    }

    pub async fn weekly_schedule(&self, chef_id: i64) -> Result<WeeklySchedule, ServiceError> {
        weekly_schedule(&self.db, chef_id).await
    }

    /// Blocks a time range. Refused with 409 when it overlaps anything already on the
    /// calendar, naming the clash.
    pub async fn add_block(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        form: &BlockForm,
    ) -> Result<CalendarBlock, ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        let block = form.validate(self.clock.now())?;
        let starts_at = to_minute(block.starts_at);
        let ends_at = to_minute(block.ends_at);
        let tz = chef_time_zone(&self.db, chef_id).await?;
        let txn = begin_write(&self.db).await?;
        let inserted = calendar_blocks::ActiveModel {
            chef_id: Set(chef_id),
            kind: Set(BlockKind::Blocked.code().to_owned()),
            starts_at: Set(starts_at),
            ends_at: Set(ends_at),
            reason: Set(block.reason),
            created_at: Set(self.clock.now()),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        let saved = match inserted {
            Ok(saved) => saved,
            Err(error) if is_overlap(&error) => {
                drop(txn);
                return Err(self.clash(chef_id, starts_at, ends_at, tz).await);
            }
            Err(error) => return Err(error.into()),
        };
        chef_changed(&txn, chef_id, self.clock.now()).await?;
        txn.commit().await.map_err(|error| {
            if is_overlap(&error) {
                ServiceError::Conflict(FieldError::new("starts_at", "This overlaps another block."))
            } else {
                error.into()
            }
        })?;
        tracing::info!(chef_id, block_id = saved.id, "calendar block added");
        Ok(block_from_row(saved, tz))
    }

    /// Blocks whole days, from the start of `first` to the end of `last` in the chef's time
    /// zone: what the calendar in the browser offers.
    pub async fn block_days(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        first: NaiveDate,
        last: NaiveDate,
        reason: &str,
    ) -> Result<CalendarBlock, ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        if last < first {
            return Err(
                FieldError::new("last_day", "The last day cannot be before the first.").into(),
            );
        }
        let tz = chef_time_zone(&self.db, chef_id).await?;
        let form = BlockForm {
            starts_at: local_midnight(tz, first),
            ends_at: local_midnight(tz, last + Duration::days(1)),
            reason: reason.to_owned(),
        };
        self.add_block(actor, chef_id, &form).await
    }

    /// Removes a block the chef made; time held by a booking is freed by the booking.
    pub async fn remove_block(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        block_id: i64,
    ) -> Result<(), ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        let txn = begin_write(&self.db).await?;
        let deleted = calendar_blocks::Entity::delete_many()
            .filter(calendar_blocks::Column::Id.eq(block_id))
            .filter(calendar_blocks::Column::ChefId.eq(chef_id))
            .filter(calendar_blocks::Column::Kind.eq(BlockKind::Blocked.code()))
            .exec(&txn)
            .await?;
        if deleted.rows_affected == 0 {
            return Err(ServiceError::NotFound("Calendar block"));
        }
        chef_changed(&txn, chef_id, self.clock.now()).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The chef's blocks that end after `from`, soonest first, reasons included: for the
    /// chef and admins only.
    pub async fn blocks(
        &self,
        actor: &CurrentUser,
        chef_id: i64,
        from: DateTime<Utc>,
    ) -> Result<Vec<CalendarBlock>, ServiceError> {
        ensure_may_edit_chef(actor, chef_id)?;
        let tz = chef_time_zone(&self.db, chef_id).await?;
        Ok(calendar_blocks::Entity::find()
            .filter(calendar_blocks::Column::ChefId.eq(chef_id))
            .filter(calendar_blocks::Column::EndsAt.gt(from))
            .order_by_asc(calendar_blocks::Column::StartsAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| block_from_row(row, tz))
            .collect())
    }

    /// Blocked time in the next 120 days as visitors see it: spans in the chef's local time,
    /// without the notes.
    pub async fn busy(&self, chef_id: i64) -> Result<Vec<BusyTime>, ServiceError> {
        busy_times(&self.db, chef_id, self.clock.now()).await
    }

    /// Whether the chef can take work from `from` to `to`: not begun yet by the platform's
    /// clock, inside their working hours and clear of every block. Public; it reveals no
    /// reasons.
    pub async fn availability(
        &self,
        chef_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Availability, ServiceError> {
        if to <= from {
            return Err(FieldError::new("to", "The end must be after the start.").into());
        }
        if to - from > LONGEST_QUESTION {
            return Err(FieldError::new("to", "Ask about at most 14 days at a time.").into());
        }
        let tz = chef_time_zone(&self.db, chef_id).await?;
        let schedule = weekly_schedule(&self.db, chef_id).await?;
        let within_hours = schedule.covers(local(tz, from), local(tz, to));
        let clashes = calendar_blocks::Entity::find()
            .filter(calendar_blocks::Column::ChefId.eq(chef_id))
            .filter(calendar_blocks::Column::StartsAt.lt(to))
            .filter(calendar_blocks::Column::EndsAt.gt(from))
            .count(&self.db)
            .await?;
        Ok(Availability::new(
            within_hours,
            clashes > 0,
            from <= self.clock.now(),
        ))
    }

    async fn clash(
        &self,
        chef_id: i64,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        tz: Tz,
    ) -> ServiceError {
        let found = calendar_blocks::Entity::find()
            .filter(calendar_blocks::Column::ChefId.eq(chef_id))
            .filter(calendar_blocks::Column::StartsAt.lt(ends_at))
            .filter(calendar_blocks::Column::EndsAt.gt(starts_at))
            .order_by_asc(calendar_blocks::Column::StartsAt)
            .one(&self.db)
            .await;
        let message = match found {
            Ok(Some(other)) => format!(
                "This overlaps {} from {} to {}.",
                if other.kind == BlockKind::Booking.code() {
                    "a booking"
                } else {
                    "another block"
                },
                local(tz, other.starts_at).format("%a %-d %b %Y %H:%M"),
                local(tz, other.ends_at).format("%a %-d %b %Y %H:%M"),
            ),
            _ => "This overlaps another block.".to_owned(),
        };
        ServiceError::Conflict(FieldError::new("starts_at", message))
    }
}

/// "Thu 24 Dec 2026" for one whole day, "Thu 24 Dec – Sat 26 Dec 2026" for whole days,
/// otherwise with times: "Thu 24 Dec 2026, 18:00 – 23:00".
fn span_label(start: NaiveDateTime, end: NaiveDateTime) -> String {
    let midnight = |at: NaiveDateTime| at.time() == chrono::NaiveTime::MIN;
    if midnight(start) && midnight(end) {
        let last = end.date() - Duration::days(1);
        if last == start.date() {
            return start.format("%a %-d %b %Y").to_string();
        }
        return format!(
            "{} – {}",
            start.format("%a %-d %b"),
            last.format("%a %-d %b %Y")
        );
    }
    if start.date() == end.date() {
        return format!(
            "{}, {} – {}",
            start.format("%a %-d %b %Y"),
            start.format("%H:%M"),
            end.format("%H:%M")
        );
    }
    format!(
        "{} – {}",
        start.format("%a %-d %b %H:%M"),
        end.format("%a %-d %b %Y %H:%M")
    )
}

/// Holds the chef's time for an accepted booking, on the booking's transaction. Refused
/// with 409 when anything else is on the calendar then: of two overlapping bookings
/// accepted at once, the database lets exactly one hold the time.
pub(crate) async fn hold_for_booking(
    txn: &impl ConnectionTrait,
    chef_id: i64,
    booking_id: i64,
    (starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let held = calendar_blocks::ActiveModel {
        chef_id: Set(chef_id),
        kind: Set(BlockKind::Booking.code().to_owned()),
        starts_at: Set(to_minute(starts_at)),
        ends_at: Set(to_minute(ends_at)),
        reason: Set(format!("Booking #{booking_id}")),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(|error| {
        if is_overlap(&error) {
            ServiceError::Conflict(FieldError::new(
                "starts_at",
                "The chef is already booked or away at that time.",
            ))
        } else {
            error.into()
        }
    })?;
    chef_changed(txn, chef_id, now).await?;
    Ok(held.id)
}

/// Frees the time a booking held (it was cancelled or expired).
pub(crate) async fn release_booking_hold(
    txn: &impl ConnectionTrait,
    chef_id: i64,
    block_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    calendar_blocks::Entity::delete_many()
        .filter(calendar_blocks::Column::Id.eq(block_id))
        .filter(calendar_blocks::Column::Kind.eq(BlockKind::Booking.code()))
        .exec(txn)
        .await?;
    chef_changed(txn, chef_id, now).await
}

/// Whether anything is on the chef's calendar between the two instants.
pub(crate) async fn is_busy(
    db: &impl ConnectionTrait,
    chef_id: i64,
    (starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>),
) -> Result<bool, ServiceError> {
    Ok(calendar_blocks::Entity::find()
        .filter(calendar_blocks::Column::ChefId.eq(chef_id))
        .filter(calendar_blocks::Column::StartsAt.lt(ends_at))
        .filter(calendar_blocks::Column::EndsAt.gt(starts_at))
        .count(db)
        .await?
        > 0)
}

fn is_overlap(error: &DbErr) -> bool {
    error.to_string().contains(OVERLAP)
}

/// Calendars work in whole minutes.
fn to_minute(at: DateTime<Utc>) -> DateTime<Utc> {
    at.with_second(0)
        .and_then(|at| at.with_nanosecond(0))
        .unwrap_or(at)
}

fn local(tz: Tz, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&tz).naive_local()
}

/// The first instant of a local day (midnight, or the first minute after a DST gap).
pub(crate) fn local_midnight(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    (0..180)
        .find_map(|minutes| {
            tz.from_local_datetime(&(midnight + Duration::minutes(minutes)))
                .earliest()
        })
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

async fn chef_time_zone(db: &impl ConnectionTrait, chef_id: i64) -> Result<Tz, ServiceError> {
    let profile = chef_profiles::Entity::find_by_id(chef_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Chef"))?;
    Ok(time_zone_of(&profile.city))
}

pub(crate) async fn weekly_schedule(
    db: &impl ConnectionTrait,
    chef_id: i64,
) -> Result<WeeklySchedule, ServiceError> {
    let rows = weekly_hours::Entity::find()
        .filter(weekly_hours::Column::ChefId.eq(chef_id))
        .all(db)
        .await?;
    Ok(WeeklySchedule::from_shifts(
        rows.into_iter()
            .map(|row| Shift {
                weekday: row.weekday as u8,
                starts_minute: row.starts_minute as u16,
                ends_minute: row.ends_minute as u16,
            })
            .collect(),
    ))
}

fn block_from_row(row: calendar_blocks::Model, tz: Tz) -> CalendarBlock {
    CalendarBlock {
        label: span_label(local(tz, row.starts_at), local(tz, row.ends_at)),
        id: row.id,
        kind: BlockKind::parse(&row.kind).unwrap_or(BlockKind::Blocked),
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        reason: row.reason,
    }
}

/// [`Calendar::busy`] on any connection (a transaction, say).
pub(crate) async fn busy_times(
    db: &impl ConnectionTrait,
    chef_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<BusyTime>, ServiceError> {
    let tz = chef_time_zone(db, chef_id).await?;
    let rows = calendar_blocks::Entity::find()
        .filter(calendar_blocks::Column::ChefId.eq(chef_id))
        .filter(calendar_blocks::Column::EndsAt.gt(now))
        .filter(calendar_blocks::Column::StartsAt.lt(now + Duration::days(120)))
        .order_by_asc(calendar_blocks::Column::StartsAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| BusyTime {
            label: span_label(local(tz, row.starts_at), local(tz, row.ends_at)),
            starts_at: row.starts_at,
            ends_at: row.ends_at,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    #[test]
    fn busy_spans_read_as_days_or_times() {
        assert_eq!(span_label(at(24, 0), at(25, 0)), "Thu 24 Dec 2026");
        assert_eq!(
            span_label(at(24, 0), at(27, 0)),
            "Thu 24 Dec – Sat 26 Dec 2026"
        );
        assert_eq!(
            span_label(at(24, 18), at(24, 23)),
            "Thu 24 Dec 2026, 18:00 – 23:00"
        );
        assert_eq!(
            span_label(at(24, 18), at(25, 2)),
            "Thu 24 Dec 18:00 – Fri 25 Dec 2026 02:00"
        );
    }
}
