//! What the two sides of a booking say to each other: the message thread (kept whatever
//! happens, as evidence should a dispute arise) and the reviews after the event, which stay
//! hidden from the other side until both are written or two weeks have passed.

use domain::{
    account::CurrentUser,
    booking::{validate_message, BookingMessage, BookingState, Party},
    notifications::{booking_message, Kind},
    reviews::{reviews_visible, BookingReviews, ReviewForm},
    FieldError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::store::steps::party_of;
use crate::{
    bus::NotificationBus,
    clock::Clock,
    db::begin_write,
    deps::Deps,
    entities::{bookings, messages, reviews, users},
    notifications::notify,
    ranks::rank_changed,
    reviews::review_view,
    ServiceError,
};

/// A booking's message thread and reviews.
#[derive(Clone)]
pub struct BookingThreads {
    db: DatabaseConnection,
    clock: Clock,
    bus: NotificationBus,
}

impl BookingThreads {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            bus: deps.bus.clone(),
        }
    }
    async fn booking_for(
        &self,
        actor: &CurrentUser,
        id: i64,
    ) -> Result<(bookings::Model, Party), ServiceError> {
        let booking = bookings::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(ServiceError::NotFound("Booking"))?;
        let party = party_of(&booking, actor.id).ok_or(ServiceError::NotFound("Booking"))?;
        Ok((booking, party))
    }

    pub async fn post_message(
        &self,
        actor: &CurrentUser,
        id: i64,
        body: &str,
    ) -> Result<BookingMessage, ServiceError> {
        let body = validate_message(body)?;
        let (booking, party) = self.booking_for(actor, id).await?;
        let other = match party {
            Party::Customer => booking.chef_id,
            _ => booking.customer_id,
        };
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let saved = messages::ActiveModel {
            booking_id: Set(id),
            sender_id: Set(actor.id),
            body: Set(body),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let content = booking_message(id, &actor.display_name, &saved.body);
        notify(&txn, other, Kind::BookingMessage, &content, now).await?;
        txn.commit().await?;
        self.bus.publish(other);
        Ok(BookingMessage {
            id: saved.id,
            sender_id: actor.id,
            sender_name: actor.display_name.clone(),
            body: saved.body,
            sent_at: saved.created_at,
        })
    }

    /// The whole thread, oldest first.
    pub async fn messages(
        &self,
        actor: &CurrentUser,
        id: i64,
    ) -> Result<Vec<BookingMessage>, ServiceError> {
        let (booking, _) = self.booking_for(actor, id).await?;
        let rows = messages::Entity::find()
            .filter(messages::Column::BookingId.eq(id))
            .order_by_asc(messages::Column::Id)
            .all(&self.db)
            .await?;
        let names = names_of(&self.db, [booking.customer_id, booking.chef_id]).await?;
        Ok(rows
            .into_iter()
            .map(|row| BookingMessage {
                id: row.id,
                sender_id: row.sender_id,
                sender_name: name_in(&names, row.sender_id),
                body: row.body,
                sent_at: row.created_at,
            })
            .collect())
    }

    /// Writes the actor's review of the other side, once the event is done.
    pub async fn review(
        &self,
        actor: &CurrentUser,
        id: i64,
        form: &ReviewForm,
    ) -> Result<BookingReviews, ServiceError> {
        let review = form.validate().map_err(ServiceError::Invalid)?;
        let (booking, party) = self.booking_for(actor, id).await?;
        if !may_review(&booking) {
            return Err(ServiceError::Conflict(FieldError::new(
                "state",
                "Reviews open once the event is done.",
            )));
        }
        let subject = match party {
            Party::Customer => booking.chef_id,
            _ => booking.customer_id,
        };
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        reviews::ActiveModel {
            booking_id: Set(id),
            author_id: Set(actor.id),
            subject_id: Set(subject),
            food: Set(i16::from(review.food)),
            communication: Set(i16::from(review.communication)),
            punctuality: Set(i16::from(review.punctuality)),
            value: Set(i16::from(review.value)),
            body: Set(review.text),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|error| match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ServiceError::Conflict(
                FieldError::new("state", "You have already reviewed this booking."),
            ),
            _ => error.into(),
        })?;
        // Either review can change the chef's rank: the chef's own lets the customer's show.
        rank_changed(&txn, booking.chef_id, "review", now).await?;
        txn.commit().await?;
        self.reviews(actor, id).await
    }

    pub async fn reviews(
        &self,
        actor: &CurrentUser,
        id: i64,
    ) -> Result<BookingReviews, ServiceError> {
        let (booking, _) = self.booking_for(actor, id).await?;
        let rows = reviews::Entity::find()
            .filter(reviews::Column::BookingId.eq(id))
            .all(&self.db)
            .await?;
        let names = names_of(&self.db, [booking.customer_id, booking.chef_id]).await?;
        let view = |row: &reviews::Model| review_view(row, name_in(&names, row.author_id));
        let mine = rows.iter().find(|row| row.author_id == actor.id).map(view);
        let theirs = rows.iter().find(|row| row.author_id != actor.id).map(view);
        let visible = reviews_visible(
            mine.is_some() && theirs.is_some(),
            booking.ends_at,
            self.clock.now(),
        );
        Ok(BookingReviews {
            may_review: mine.is_none() && may_review(&booking),
            theirs_hidden: theirs.is_some() && !visible,
            theirs: theirs.filter(|_| visible),
            mine,
        })
    }
}

fn may_review(booking: &bookings::Model) -> bool {
    matches!(
        BookingState::parse(&booking.state),
        Some(BookingState::Completed | BookingState::Released)
    )
}

async fn names_of(
    db: &impl ConnectionTrait,
    ids: [i64; 2],
) -> Result<Vec<(i64, String)>, ServiceError> {
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|user| (user.id, user.display_name))
        .collect())
}

fn name_in(names: &[(i64, String)], id: i64) -> String {
    names
        .iter()
        .find(|(user_id, _)| *user_id == id)
        .map(|(_, name)| name.clone())
        .unwrap_or_default()
}
