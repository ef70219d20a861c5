//! The dispute flow: opening one, answering, taking or refusing an offer, evidence,
//! appealing, an admin's ruling.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use domain::{
    account::CurrentUser,
    booking::Party,
    disputes::{
        may_open, validate_statement, AdminRulingForm, Answer, AnswerForm, DisputeEventKind,
        DisputeStatus, DisputeView, OpenDisputeForm, ValidAnswer, ANSWER_DEADLINE,
        MAX_EVIDENCE_PHOTOS,
    },
    FieldError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use super::{
    super::store::{
        ledger::booking_ledger,
        locking::{locked, locked_for},
        steps::state_of,
    },
    deadline::schedule_deadline,
    records::{conflict, ensure_admin, locked_dispute, opener_of, set_answer, status_of},
    service::Disputes,
    settle::{
        apply_appeal_decision, apply_ruling, rule_by_table_on, tell_both, write_trail, TrailEntry,
    },
    view::dispute_view,
};
use crate::{
    db::begin_write,
    entities::{bookings, dispute_events, disputes, messages, StoredAnswer},
    throttle::UPLOADS_PER_ACCOUNT,
    ServiceError,
};

/// Checks that every referenced message belongs to the booking's thread.
async fn check_messages(
    db: &impl ConnectionTrait,
    booking_id: i64,
    ids: &[i64],
) -> Result<(), ServiceError> {
    if ids.is_empty() {
        return Ok(());
    }
    let found = messages::Entity::find()
        .filter(messages::Column::BookingId.eq(booking_id))
        .filter(messages::Column::Id.is_in(ids.to_vec()))
        .count(db)
        .await?;
    if found != ids.len() as u64 {
        return Err(
            FieldError::new("message_ids", "Point only to messages of this booking.").into(),
        );
    }
    Ok(())
}

/// The actor's side of the dispute's booking, locked. An outsider finds no dispute, the
/// same answer as for an id that does not exist.
async fn dispute_party(
    txn: &impl ConnectionTrait,
    actor: &CurrentUser,
    booking_id: i64,
) -> Result<(bookings::Model, Party), ServiceError> {
    locked_for(txn, actor, booking_id)
        .await
        .map_err(|error| match error {
            ServiceError::NotFound(_) => ServiceError::NotFound("Dispute"),
            other => other,
        })
}

/// Refuses a photo beyond [`MAX_EVIDENCE_PHOTOS`] from one side of a dispute.
async fn room_for_a_photo(
    db: &impl ConnectionTrait,
    dispute_id: i64,
    party: Party,
) -> Result<(), ServiceError> {
    let added: usize = dispute_events::Entity::find()
        .filter(dispute_events::Column::DisputeId.eq(dispute_id))
        .filter(dispute_events::Column::ByParty.eq(party.code()))
        .all(db)
        .await?
        .iter()
        .map(|event| event.photo_keys.0.len())
        .sum();
    if added >= MAX_EVIDENCE_PHOTOS {
        return Err(ServiceError::Conflict(FieldError::new(
            "photo",
            format!("Each side may add {MAX_EVIDENCE_PHOTOS} photos to a dispute, and you have. Describe anything more in words."),
        )));
    }
    Ok(())
}

fn due_words(at: DateTime<Utc>) -> String {
    at.format("%a %-d %b %H:%M UTC").to_string()
}

impl Disputes {
    /// The customer or the chef opens a dispute on their booking.
    pub async fn open(
        &self,
        actor: &CurrentUser,
        booking_id: i64,
        form: &OpenDisputeForm,
    ) -> Result<DisputeView, ServiceError> {
        let now = self.now();
        let txn = begin_write(&self.db).await?;
        let (booking, party) = locked_for(&txn, actor, booking_id).await?;
        if disputes::Entity::find()
            .filter(disputes::Column::BookingId.eq(booking.id))
            .count(&txn)
            .await?
            > 0
        {
            return Err(conflict(
                "This booking already has a dispute: add to it instead.",
            ));
        }
        let state = state_of(&booking)?;
        may_open(
            form.category,
            party,
            state,
            booking.starts_at,
            booking.ends_at,
            now,
        )
        .map_err(conflict)?;
        let claim = form.validate(party, booking.dish_ids.0.len() as u32)?;
        check_messages(&txn, booking.id, &claim.message_ids).await?;
        let due = now + ANSWER_DEADLINE;
        let dispute = disputes::ActiveModel {
            booking_id: Set(booking.id),
            category: Set(claim.category.code().to_owned()),
            opened_by: Set(party.code().to_owned()),
            description: Set(claim.description.clone()),
            claimed_refund_bp: Set(claim.claimed_refund_bp as i32),
            dishes_missing: Set(claim.dishes_missing.map(|n| n as i32)),
            guests_counted: Set(claim.guests_counted.map(|n| n as i32)),
            status: Set(DisputeStatus::AwaitingAnswer.code().to_owned()),
            answer: Set(StoredAnswer(Answer::Pending)),
            answer_due_at: Set(Some(due)),
            ruling: Set(None),
            refunded_minor: Set(0),
            recommended: Set(None),
            appeal_closes_at: Set(None),
            appealed: Set(false),
            opened_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        write_trail(
            &txn,
            dispute.id,
            TrailEntry {
                message_ids: claim.message_ids,
                ..TrailEntry::new(DisputeEventKind::Opened, party, Some(actor.id))
                    .saying(claim.description)
            },
            now,
        )
        .await?;
        schedule_deadline(&txn, &dispute, due, now).await?;
        tell_both(
            &txn,
            &booking,
            format!(
                "Dispute on booking #{}: {}",
                booking.id,
                claim.category.label()
            ),
            format!(
                "{} opened it. The other side answers by {}: accept, offer part back, or contest. Silence loses.",
                party.label(),
                due_words(due)
            ),
            now,
        )
        .await?;
        let view = dispute_view(&txn, &dispute, &booking, party, now).await?;
        txn.commit().await?;
        self.wake(&booking);
        tracing::info!(
            dispute_id = dispute.id,
            booking_id,
            category = claim.category.code(),
            "dispute opened"
        );
        Ok(view)
    }

    /// The other side answers: accepts, counter-offers or contests.
    pub async fn answer(
        &self,
        actor: &CurrentUser,
        id: i64,
        form: &AnswerForm,
    ) -> Result<DisputeView, ServiceError> {
        let now = self.now();
        let txn = begin_write(&self.db).await?;
        let dispute = locked_dispute(&txn, id).await?;
        let (booking, party) = dispute_party(&txn, actor, dispute.booking_id).await?;
        if party == opener_of(&dispute) {
            return Err(ServiceError::Forbidden(
                "The other side answers a dispute, not the one who opened it.",
            ));
        }
        if status_of(&dispute)? != DisputeStatus::AwaitingAnswer
            || dispute.answer_due_at.is_none_or(|due| now >= due)
        {
            return Err(conflict("This dispute no longer takes an answer."));
        }
        let answer = form.validate(dispute.claimed_refund_bp.clamp(0, 10_000) as u32)?;
        let dispute = match answer {
            ValidAnswer::Accept => {
                write_trail(
                    &txn,
                    dispute.id,
                    TrailEntry::new(DisputeEventKind::Accepted, party, Some(actor.id)),
                    now,
                )
                .await?;
                let answered = set_answer(&txn, &dispute, Answer::Accepted, now).await?;
                self.rule_by_table(&txn, &answered, &booking, now).await?
            }
            ValidAnswer::CounterOffer {
                refund_bp,
                statement,
            } => {
                let due = now + ANSWER_DEADLINE;
                write_trail(
                    &txn,
                    dispute.id,
                    TrailEntry::new(DisputeEventKind::CounterOffered, party, Some(actor.id))
                        .saying(format!("Offers {}% back. {statement}", refund_bp / 100)),
                    now,
                )
                .await?;
                let offered = disputes::ActiveModel {
                    id: Set(dispute.id),
                    status: Set(DisputeStatus::CounterOffered.code().to_owned()),
                    answer: Set(StoredAnswer(Answer::CounterOffer {
                        refund_bp,
                        taken: false,
                    })),
                    answer_due_at: Set(Some(due)),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .update(&txn)
                .await?;
                schedule_deadline(&txn, &offered, due, now).await?;
                tell_both(
                    &txn,
                    &booking,
                    format!("Dispute on booking #{}: an offer", booking.id),
                    format!(
                        "{} offers {}% of the payment back. Take it or refuse it by {}; without an answer it stands.",
                        party.label(),
                        refund_bp / 100,
                        due_words(due)
                    ),
                    now,
                )
                .await?;
                offered
            }
            ValidAnswer::Contest {
                statement,
                message_ids,
            } => {
                check_messages(&txn, booking.id, &message_ids).await?;
                write_trail(
                    &txn,
                    dispute.id,
                    TrailEntry {
                        message_ids,
                        ..TrailEntry::new(DisputeEventKind::Contested, party, Some(actor.id))
                            .saying(statement)
                    },
                    now,
                )
                .await?;
                let answered = set_answer(&txn, &dispute, Answer::Contested, now).await?;
                self.rule_by_table(&txn, &answered, &booking, now).await?
            }
        };
        self.finish(txn, dispute, party, now).await
    }

    /// The claimant takes or refuses the other side's counter-offer. Refused, the facts
    /// decide as if the claim had been contested.
    pub async fn decide_offer(
        &self,
        actor: &CurrentUser,
        id: i64,
        take: bool,
    ) -> Result<DisputeView, ServiceError> {
        let now = self.now();
        let txn = begin_write(&self.db).await?;
        let dispute = locked_dispute(&txn, id).await?;
        let (booking, party) = dispute_party(&txn, actor, dispute.booking_id).await?;
        let Answer::CounterOffer { refund_bp, .. } = dispute.answer.0 else {
            return Err(conflict("There is no offer to take on this dispute."));
        };
        if party != opener_of(&dispute) {
            return Err(ServiceError::Forbidden(
                "Only the side who opened the dispute takes an offer.",
            ));
        }
        if status_of(&dispute)? != DisputeStatus::CounterOffered {
            return Err(conflict("This offer is no longer open."));
        }
        let (kind, answer) = if take {
            (
                DisputeEventKind::OfferTaken,
                Answer::CounterOffer {
                    refund_bp,
                    taken: true,
                },
            )
        } else {
            (DisputeEventKind::OfferRefused, Answer::Contested)
        };
        write_trail(
            &txn,
            dispute.id,
            TrailEntry::new(kind, party, Some(actor.id)),
            now,
        )
        .await?;
        let answered = set_answer(&txn, &dispute, answer, now).await?;
        let dispute = self.rule_by_table(&txn, &answered, &booking, now).await?;
        self.finish(txn, dispute, party, now).await
    }

    /// Either side adds a photo as evidence while the dispute is undecided.
    pub async fn add_photo(
        &self,
        actor: &CurrentUser,
        id: i64,
        caption: &str,
        upload: Bytes,
    ) -> Result<DisputeView, ServiceError> {
        let caption: String = caption.trim().chars().take(500).collect();
        // Checked before the file is processed, and again in the transaction that records it.
        self.view(actor, id).await.and_then(|view| {
            if view.may_add_evidence {
                Ok(())
            } else {
                Err(conflict(
                    "This dispute is decided: it takes no more evidence.",
                ))
            }
        })?;
        let (_, _, party) = self.seen_by(actor, id).await?;
        room_for_a_photo(&self.db, id, party).await?;
        self.throttle
            .hit(&UPLOADS_PER_ACCOUNT, &actor.id.to_string())
            .await?;
        let stored = self.media.store_photo(upload).await?;
        let recorded = self.record_photo(actor, id, &caption, &stored.key).await;
        if recorded.is_err() {
            self.media.remove_photo(&stored.key).await;
        }
        recorded
    }

    async fn record_photo(
        &self,
        actor: &CurrentUser,
        id: i64,
        caption: &str,
        key: &str,
    ) -> Result<DisputeView, ServiceError> {
        let now = self.now();
        let txn = begin_write(&self.db).await?;
        let dispute = locked_dispute(&txn, id).await?;
        let (_, party) = dispute_party(&txn, actor, dispute.booking_id).await?;
        let status = status_of(&dispute)?;
        if !(status.holds_money() || status == DisputeStatus::Appealed) {
            return Err(conflict(
                "This dispute is decided: it takes no more evidence.",
            ));
        }
        room_for_a_photo(&txn, dispute.id, party).await?;
        write_trail(
            &txn,
            dispute.id,
            TrailEntry {
                photo_keys: vec![key.to_owned()],
                ..TrailEntry::new(DisputeEventKind::Evidence, party, Some(actor.id)).saying(caption)
            },
            now,
        )
        .await?;
        self.finish(txn, dispute, party, now).await
    }

    /// Either side appeals a ruling once, within the appeal window; an admin decides.
    pub async fn appeal(
        &self,
        actor: &CurrentUser,
        id: i64,
        reason: &str,
    ) -> Result<DisputeView, ServiceError> {
        let now = self.now();
        let reason = validate_statement("reason", reason)?;
        let txn = begin_write(&self.db).await?;
        let dispute = locked_dispute(&txn, id).await?;
        let (booking, party) = dispute_party(&txn, actor, dispute.booking_id).await?;
        if dispute.appealed {
            return Err(conflict(
                "This dispute was already appealed; the decision is final.",
            ));
        }
        if status_of(&dispute)? != DisputeStatus::Ruled
            || dispute.appeal_closes_at.is_none_or(|closes| now >= closes)
        {
            return Err(conflict("This ruling can no longer be appealed."));
        }
        write_trail(
            &txn,
            dispute.id,
            TrailEntry::new(DisputeEventKind::Appealed, party, Some(actor.id)).saying(reason),
            now,
        )
        .await?;
        let appealed = disputes::ActiveModel {
            id: Set(dispute.id),
            status: Set(DisputeStatus::Appealed.code().to_owned()),
            appealed: Set(true),
            recommended: Set(dispute.ruling.clone()),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        tell_both(
            &txn,
            &booking,
            format!("Ruling on booking #{} appealed", booking.id),
            format!(
                "{} appealed. An admin decides, once and for good.",
                party.label()
            ),
            now,
        )
        .await?;
        self.finish(txn, appealed, party, now).await
    }

    /// An admin rules on a dispute no rule decided, or decides an appeal.
    pub async fn rule(
        &self,
        admin: &CurrentUser,
        id: i64,
        form: &AdminRulingForm,
    ) -> Result<DisputeView, ServiceError> {
        ensure_admin(admin)?;
        let now = self.now();
        let txn = begin_write(&self.db).await?;
        let dispute = locked_dispute(&txn, id).await?;
        let booking = locked(&txn, dispute.booking_id)
            .await?
            .ok_or(ServiceError::NotFound("Booking"))?;
        let paid = booking_ledger(&txn, booking.id).await?.paid_minor();
        let ruling = form.validate(paid)?;
        let ruled = match status_of(&dispute)? {
            DisputeStatus::WithAdmin => {
                apply_ruling(&txn, &dispute, &booking, ruling, Some(admin.id), now).await?
            }
            DisputeStatus::Appealed => {
                apply_appeal_decision(&txn, &dispute, &booking, ruling, admin.id, now).await?
            }
            _ => return Err(conflict("This dispute is not waiting for an admin.")),
        };
        tracing::info!(
            dispute_id = id,
            admin = admin.id,
            "dispute ruled by an admin"
        );
        self.finish(txn, ruled, Party::System, now).await
    }

    /// Rules by the table once the answer is in; where no rule decides, hands the dispute
    /// to an admin with the table's recommendation.
    async fn rule_by_table(
        &self,
        txn: &impl ConnectionTrait,
        dispute: &disputes::Model,
        booking: &bookings::Model,
        now: DateTime<Utc>,
    ) -> Result<disputes::Model, ServiceError> {
        rule_by_table_on(txn, dispute, booking, now).await
    }

    async fn finish(
        &self,
        txn: sea_orm::DatabaseTransaction,
        dispute: disputes::Model,
        viewer: Party,
        now: DateTime<Utc>,
    ) -> Result<DisputeView, ServiceError> {
        let booking = bookings::Entity::find_by_id(dispute.booking_id)
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound("Booking"))?;
        let view = dispute_view(&txn, &dispute, &booking, viewer, now).await?;
        txn.commit().await?;
        self.wake(&booking);
        Ok(view)
    }
}
