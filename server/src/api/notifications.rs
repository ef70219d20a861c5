//! The logged-in person's notifications: the feed with its unread count, marking read, the
//! live stream (Server-Sent Events) and the per-kind delivery preferences.

use axum::{
    extract::{rejection::PathRejection, Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::sse::{Event, KeepAlive, Sse},
    Json,
};
use backend::{bus::Wake, Notifications, Services};
use domain::{
    notifications::{Notification, Preference},
    FieldError,
};
use futures_util::stream::{self, Stream, StreamExt};
use serde::{Deserialize, Serialize};
use std::{convert::Infallible, time::Duration};
use tokio::sync::broadcast::{self, error::RecvError};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use tower_sessions::{session::Id, Session};
use web::{still_signed_in, ApiError, ErrorBody, SignedIn};

/// How often a live stream looks in the database without being woken: the bound on delay
/// when a wake-up was lost (Redis away, an instance restarting).
const SAFETY_CHECK: Duration = Duration::from_secs(15);

#[derive(Serialize, ToSchema)]
pub struct Feed {
    pub unread: u64,
    /// Newest first, at most 50.
    pub items: Vec<Notification>,
}

#[utoipa::path(
    get, path = "/api/v1/notifications", tag = "notifications",
    responses((status = 200, body = Feed), (status = 401, body = ErrorBody))
)]
pub async fn feed(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<Feed>, ApiError> {
    let user_id = user.id;
    let notifications = &state.services.notifications;
    Ok(Json(Feed {
        unread: notifications.unread_count(user_id).await?,
        items: notifications.feed(user_id, 50).await?,
    }))
}

#[utoipa::path(
    post, path = "/api/v1/notifications/{id}/read", tag = "notifications",
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Marked read"),
        (status = 401, body = ErrorBody), (status = 404, description = "Not one of yours", body = ErrorBody),
    )
)]
pub async fn mark_read(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let user_id = user.id;
    let Path(id) = path.map_err(|_| ApiError(domain::AppError::not_found("Notification")))?;
    state.services.notifications.mark_read(user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post, path = "/api/v1/notifications/read-all", tag = "notifications",
    responses((status = 204, description = "All marked read"), (status = 401, body = ErrorBody))
)]
pub async fn mark_all_read(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<StatusCode, ApiError> {
    let user_id = user.id;
    state.services.notifications.mark_all_read(user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// Resume after this notification id, for clients that cannot send `Last-Event-ID`.
    #[param(minimum = 0)]
    after: Option<i64>,
}

/// An `unread` event's data.
#[derive(Serialize, ToSchema)]
pub struct UnreadCount {
    pub unread: u64,
}

/// The data of the stream's events: a `notification` event's or an `unread` event's.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum StreamEventData {
    Notification(StreamedNotification),
    Unread(UnreadCount),
    Post(NewPost),
}

/// One `post` event's data: a post was just published that the reader's For you may show;
/// `following` says whether it belongs in their Following feed too.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct NewPost {
    pub post_id: i64,
    pub author_id: i64,
    pub following: bool,
}

/// One event of the stream as it is sent: its kind, its id (notifications only) and its
/// data, a [`StreamEventData`] in JSON. Describes the wire format; the stream writes it with
/// axum's SSE types.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SseEvent {
    #[schema(pattern = "^(unread|notification|post)$")]
    event: String,
    id: Option<String>,
    #[schema(content_media_type = "application/json")]
    data: String,
}

/// One `notification` event's data.
#[derive(Serialize, ToSchema)]
pub struct StreamedNotification {
    pub notification: Notification,
    /// The unread count once this batch arrived.
    pub unread: u64,
}

/// Live notifications as Server-Sent Events. Each `notification` event carries the
/// notification's id as its SSE id, so a reconnecting browser sends `Last-Event-ID` and gets
/// everything it missed, from the database, in order and once. A stream that resumes from
/// nothing starts at the newest notification. `unread` events (`{"unread": n}`) come first and
/// whenever the count changes without a new notification (read elsewhere).
#[utoipa::path(
    get, path = "/api/v1/notifications/stream", tag = "notifications", params(StreamQuery,
        ("Last-Event-ID" = Option<i64>, Header, minimum = 0, description = "The last notification id received")),
    responses(
        (status = 200, content_type = "text/event-stream", description = "`unread`, `notification` and `post` events; each event's `data` is a `StreamEventData` in JSON", body = SseEvent),
        (status = 401, body = ErrorBody),
    )
)]
pub async fn stream(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    headers: HeaderMap,
    query: Result<Query<StreamQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let user_id = user.id;
    let Query(query) = query?;
    let notifications = state.services.notifications.clone();
    if query.after.is_some_and(|after| after < 0) {
        return Err(FieldError::new("after", "Send the id of a notification received.").into());
    }
    let resume_after = match headers.get("last-event-id") {
        // Only ids this stream sent come back: anything else is refused, not ignored.
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .and_then(|value| value.trim().parse::<i64>().ok())
                .filter(|id| *id >= 0)
                .ok_or_else(|| {
                    FieldError::new("Last-Event-ID", "Send the id of a notification received.")
                })?,
        ),
        None => match query.after {
            Some(after) if after < 0 => {
                return Err(
                    FieldError::new("after", "Send the id of a notification received.").into(),
                )
            }
            after => after,
        },
    };
    // Listening starts before reading, so nothing stored in between goes unnoticed.
    let wakes = notifications.bus().subscribe();
    let last_sent = match resume_after {
        Some(id) => id.max(0),
        None => notifications.latest_id(user_id).await?,
    };
    let unread = notifications.unread_count(user_id).await?;
    let live = LiveFeed {
        user_id,
        session_id: session.id(),
        services: state.services.clone(),
        last_sent,
        unread,
        wakes,
        notifications,
    };
    let events = stream::once(async move { unread_event(unread) })
        .chain(stream::unfold(live, LiveFeed::next_events).flat_map(stream::iter))
        .map(Ok);
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

struct LiveFeed {
    user_id: i64,
    /// The session the stream was opened with; the stream ends when it is gone.
    session_id: Option<Id>,
    services: Services,
    last_sent: i64,
    /// The unread count the client was last told.
    unread: u64,
    wakes: broadcast::Receiver<Wake>,
    notifications: Notifications,
}

impl LiveFeed {
    /// Waits until there is something to send, then returns it. None ends the stream: the
    /// session was logged out or the account suspended (the browser's reconnection is then
    /// refused), or the database failed or the server is stopping (it reconnects and resumes).
    async fn next_events(mut self) -> Option<(Vec<Event>, Self)> {
        loop {
            if !still_signed_in(&self.services, self.session_id, self.user_id).await {
                return None;
            }
            let mut new = self.newer().await?;
            let unread = self.notifications.unread_count(self.user_id).await.ok()?;
            if new.is_empty() && unread != self.unread {
                // A notification may have been committed between the two reads: it is sent
                // as itself, not as a bare count.
                new = self.newer().await?;
            }
            let unread_changed = unread != self.unread;
            if let Some(newest) = new.last() {
                self.unread = unread;
                self.last_sent = newest.id;
                let events = new
                    .into_iter()
                    .map(|notification| {
                        let id = notification.id.to_string();
                        let data = StreamEventData::Notification(StreamedNotification {
                            notification,
                            unread,
                        });
                        Event::default()
                            .id(id)
                            .event("notification")
                            .data(serde_json::to_string(&data).expect("serialises"))
                    })
                    .collect();
                return Some((events, self));
            }
            if unread_changed {
                self.unread = unread;
                return Some((vec![unread_event(unread)], self));
            }
            // Announcements of new posts are sent as they come; anything else means "look".
            while let Woken::Post { post_id, author_id } = self.wait().await? {
                if let Some(event) = self.post_event(post_id, author_id).await {
                    return Some((vec![event], self));
                }
            }
        }
    }

    /// A `post` event when the reader may see the new post (not their own, not across a
    /// block or a mute).
    async fn post_event(&self, post_id: i64, author_id: i64) -> Option<Event> {
        if !still_signed_in(&self.services, self.session_id, self.user_id).await {
            return None;
        }
        let following = self
            .services
            .feeds
            .announcement_for(self.user_id, author_id)
            .await
            .ok()??;
        let data = StreamEventData::Post(NewPost {
            post_id,
            author_id,
            following,
        });
        Some(
            Event::default()
                .event("post")
                .data(serde_json::to_string(&data).expect("serialises")),
        )
    }

    /// Notifications after the last one sent; None when the database is unavailable.
    async fn newer(&self) -> Option<Vec<Notification>> {
        match self.notifications.after(self.user_id, self.last_sent).await {
            Ok(new) => Some(new),
            Err(error) => {
                tracing::warn!(%error, "live notifications: database unavailable");
                None
            }
        }
    }

    /// Returns when woken for this person, at the periodic check, or with a new post; None
    /// when the bus closed.
    async fn wait(&mut self) -> Option<Woken> {
        let check = tokio::time::sleep(SAFETY_CHECK);
        tokio::pin!(check);
        loop {
            tokio::select! {
                wake = self.wakes.recv() => match wake {
                    Ok(Wake::Post { post_id, author_id }) if author_id != self.user_id => {
                        return Some(Woken::Post { post_id, author_id })
                    }
                    Ok(wake) if wake.concerns(self.user_id) => return Some(Woken::Look),
                    Ok(_) => continue,
                    // Missed wake-ups might have been ours: look.
                    Err(RecvError::Lagged(_)) => return Some(Woken::Look),
                    Err(RecvError::Closed) => return None,
                },
                _ = &mut check => return Some(Woken::Look),
            }
        }
    }
}

enum Woken {
    /// Look for new notifications.
    Look,
    Post {
        post_id: i64,
        author_id: i64,
    },
}

fn unread_event(unread: u64) -> Event {
    Event::default().event("unread").data(
        serde_json::to_string(&StreamEventData::Unread(UnreadCount { unread }))
            .expect("serialises"),
    )
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct Preferences {
    pub preferences: Vec<Preference>,
}

/// How each kind of notification reaches you: `in_app`, `email` (in the app and by email) or
/// `off`. Kinds not listed cannot be changed.
#[utoipa::path(
    get, path = "/api/v1/notifications/preferences", tag = "notifications",
    responses((status = 200, body = Preferences), (status = 401, body = ErrorBody))
)]
pub async fn preferences(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<Preferences>, ApiError> {
    let user_id = user.id;
    let preferences = state.services.notifications.preferences(user_id).await?;
    Ok(Json(Preferences { preferences }))
}

/// Changes the channels of the kinds listed; all or nothing.
#[utoipa::path(
    put, path = "/api/v1/notifications/preferences", tag = "notifications",
    request_body = Preferences,
    responses(
        (status = 200, description = "Every preference, as saved", body = Preferences),
        (status = 400, description = "Unknown kind or a channel it does not allow; `field` names it", body = ErrorBody),
        (status = 401, body = ErrorBody),
    )
)]
pub async fn set_preferences(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    body: Result<Json<Preferences>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Preferences>, ApiError> {
    let user_id = user.id;
    let Json(body) = body?;
    let preferences = state
        .services
        .notifications
        .set_preferences(user_id, &body.preferences)
        .await?;
    Ok(Json(Preferences { preferences }))
}
