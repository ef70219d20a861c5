//! Carrying out a ruling: the ledger's refund and release (the refund through the payment
//! provider), the booking settled, both sides told with the rule's reason, the chef's rank
//! recomputed, and every step written to the dispute's audit trail. Where no rule decides,
//! the dispute goes to the admins' queue instead.

use chrono::{DateTime, Utc};
use domain::{
    booking::{BookingEvent, BookingState, Party},
    disputes::{decide, Decision, DisputeEventKind, DisputeStatus, Ruling, APPEAL_WINDOW},
    money::Money,
    notifications::{booking_update, Kind},
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use super::{
    super::store::{
        ledger::{booking_ledger, currency_of, post_movement, refused},
        steps::{state_of, take_step},
    },
    facts::facts_of,
    records::conflict,
};
use crate::{
    entities::{bookings, dispute_events, disputes, IdList, StoredRuling, StringList},
    notifications::notify,
    ranks::rank_changed,
    ServiceError,
};

/// One line of the audit trail.
pub(super) struct TrailEntry<'a> {
    pub kind: DisputeEventKind,
    pub by: Party,
    pub actor_id: Option<i64>,
    pub body: String,
    pub message_ids: Vec<i64>,
    pub photo_keys: Vec<String>,
    pub ruling: Option<&'a Ruling>,
}

impl<'a> TrailEntry<'a> {
    pub fn new(kind: DisputeEventKind, by: Party, actor_id: Option<i64>) -> Self {
        Self {
            kind,
            by,
            actor_id,
            body: String::new(),
            message_ids: Vec::new(),
            photo_keys: Vec::new(),
            ruling: None,
        }
    }

    pub fn saying(mut self, body: impl Into<String>) -> Self {
        self.body = body.into();
        self
    }
}

pub(super) async fn write_trail(
    txn: &impl ConnectionTrait,
    dispute_id: i64,
    entry: TrailEntry<'_>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    dispute_events::ActiveModel {
        dispute_id: Set(dispute_id),
        kind: Set(entry.kind.code().to_owned()),
        by_party: Set(entry.by.code().to_owned()),
        actor_id: Set(entry.actor_id),
        body: Set(entry.body),
        message_ids: Set(IdList(entry.message_ids)),
        photo_keys: Set(StringList(entry.photo_keys)),
        ruling: Set(entry.ruling.cloned().map(StoredRuling)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Tells both sides of the booking, and wakes nobody yet: the caller does after commit.
pub(super) async fn tell_both(
    txn: &impl ConnectionTrait,
    booking: &bookings::Model,
    title: String,
    body: String,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    for user_id in [booking.customer_id, booking.chef_id] {
        let content = booking_update(booking.id, title.clone(), body.clone());
        notify(txn, user_id, Kind::BookingUpdate, &content, now).await?;
    }
    Ok(())
}

fn money_words(booking: &bookings::Model, minor: i64) -> String {
    Money::new(minor, currency_of(booking)).to_string()
}

/// Settles the held money by `ruling` and records it; the dispute becomes appealable.
pub(super) async fn apply_ruling(
    txn: &impl ConnectionTrait,
    dispute: &disputes::Model,
    booking: &bookings::Model,
    ruling: Ruling,
    by_admin: Option<i64>,
    now: DateTime<Utc>,
) -> Result<disputes::Model, ServiceError> {
    let state = state_of(booking)?;
    let mut ledger = booking_ledger(txn, booking.id).await?;
    let moved = ledger
        .settle_dispute(state, ruling.refund_minor, booking.fee_minor)
        .map_err(refused)?;
    let mut refunded = 0;
    for transaction in &moved {
        refunded += post_movement(txn, booking, transaction, now).await?;
    }
    if state != BookingState::Cancelled {
        take_step(
            txn,
            booking,
            BookingEvent::Settle,
            Party::System,
            by_admin,
            now,
        )
        .await?;
    }
    let ruled = disputes::ActiveModel {
        id: Set(dispute.id),
        status: Set(DisputeStatus::Ruled.code().to_owned()),
        ruling: Set(Some(StoredRuling(ruling.clone()))),
        refunded_minor: Set(refunded),
        answer_due_at: Set(None),
        appeal_closes_at: Set(Some(now + APPEAL_WINDOW)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(txn)
    .await?;
    write_trail(
        txn,
        dispute.id,
        TrailEntry {
            ruling: Some(&ruling),
            ..TrailEntry::new(DisputeEventKind::Ruled, Party::System, by_admin)
                .saying(ruling.reason.clone())
        },
        now,
    )
    .await?;
    let outcome = if refunded > 0 {
        format!(
            "{} goes back to the customer",
            money_words(booking, refunded)
        )
    } else {
        "nothing is refunded".to_owned()
    };
    tell_both(
        txn,
        booking,
        format!("Dispute on booking #{} ruled: {outcome}", booking.id),
        format!(
            "{} Either side may appeal once within {} hours.",
            ruling.reason,
            APPEAL_WINDOW.num_hours()
        ),
        now,
    )
    .await?;
    rank_changed(txn, booking.chef_id, "dispute_ruled", now).await?;
    Ok(ruled)
}

/// An admin decided an appeal: the difference from the first ruling is refunded from the
/// chef's share, or paid to the chef by the platform; the dispute is closed for good.
pub(super) async fn apply_appeal_decision(
    txn: &impl ConnectionTrait,
    dispute: &disputes::Model,
    booking: &bookings::Model,
    ruling: Ruling,
    admin_id: i64,
    now: DateTime<Utc>,
) -> Result<disputes::Model, ServiceError> {
    let mut ledger = booking_ledger(txn, booking.id).await?;
    let adjustment = ledger
        .adjust_after_appeal(dispute.refunded_minor, ruling.refund_minor)
        .map_err(refused)?
        .cloned();
    let mut refunded = dispute.refunded_minor;
    if let Some(transaction) = adjustment {
        // A compensation refunds nothing: the customer keeps what came back.
        refunded += post_movement(txn, booking, &transaction, now).await?;
    }
    let closed = disputes::ActiveModel {
        id: Set(dispute.id),
        status: Set(DisputeStatus::Closed.code().to_owned()),
        ruling: Set(Some(StoredRuling(ruling.clone()))),
        refunded_minor: Set(refunded),
        appeal_closes_at: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(txn)
    .await?;
    write_trail(
        txn,
        dispute.id,
        TrailEntry {
            ruling: Some(&ruling),
            ..TrailEntry::new(
                DisputeEventKind::AppealDecided,
                Party::System,
                Some(admin_id),
            )
            .saying(ruling.reason.clone())
        },
        now,
    )
    .await?;
    tell_both(
        txn,
        booking,
        format!("Appeal on booking #{} decided", booking.id),
        format!(
            "{} In all, {} went back to the customer. This decision is final.",
            ruling.reason,
            money_words(booking, refunded)
        ),
        now,
    )
    .await?;
    rank_changed(txn, booking.chef_id, "dispute_ruled", now).await?;
    Ok(closed)
}

/// The table's decision carried out, on `txn` (shared with the deadline job).
pub(super) async fn rule_by_table_on(
    txn: &impl ConnectionTrait,
    dispute: &disputes::Model,
    booking: &bookings::Model,
    now: DateTime<Utc>,
) -> Result<disputes::Model, ServiceError> {
    let facts = facts_of(txn, dispute, booking).await?;
    match decide(&facts) {
        Decision::Waiting => Err(conflict("This dispute is still waiting for an answer.")),
        Decision::Ruled(ruling) => apply_ruling(txn, dispute, booking, ruling, None, now).await,
        Decision::ToAdmin { recommended, why } => {
            let sent = disputes::ActiveModel {
                id: Set(dispute.id),
                status: Set(DisputeStatus::WithAdmin.code().to_owned()),
                answer_due_at: Set(None),
                recommended: Set(Some(StoredRuling(recommended.clone()))),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(txn)
            .await?;
            write_trail(
                txn,
                dispute.id,
                TrailEntry {
                    ruling: Some(&recommended),
                    ..TrailEntry::new(DisputeEventKind::SentToAdmin, Party::System, None)
                        .saying(why)
                },
                now,
            )
            .await?;
            tell_both(
                txn,
                booking,
                format!("Dispute on booking #{}: an admin decides", booking.id),
                "The facts on record do not settle it, so an admin will rule. The payment stays held until then.".to_owned(),
                now,
            )
            .await?;
            Ok(sent)
        }
    }
}
