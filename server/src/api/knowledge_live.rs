//! `GET /api/v1/questions/{id}/live`: a Server-Sent Events stream that tells an open
//! question page, signed in or not, that the question changed (a new answer, a comment, a
//! vote, an acceptance, an edit). It carries no content: the page reads the question again,
//! so what it shows is always what the database holds, and a lost event costs only freshness.

use axum::{
    extract::{rejection::PathRejection, Path, State},
    response::sse::{Event, KeepAlive, Sse},
};
use backend::bus::Wake;
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

use crate::AppState;
use web::{ApiError, ErrorBody};

/// `changed` events (data: `{"question_id": …}`) whenever the question changes. A page that
/// reconnects after a drop should read the question again: changes may have passed meanwhile.
#[utoipa::path(
    get, path = "/api/v1/questions/{id}/live", tag = "knowledge",
    params(("id" = i64, Path, description = "The question")),
    responses(
        (status = 200, content_type = "text/event-stream", description = "`changed` events: read the question again"),
        (status = 404, body = ErrorBody),
    )
)]
pub async fn live(
    State(state): State<AppState>,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let question_id = super::knowledge::id_of(path, "Question")?;
    // Listening starts before the check, so nothing committed after it can be missed.
    let wakes = state.services.notifications.bus().subscribe();
    state
        .services
        .knowledge
        .ensure_readable(question_id)
        .await?;
    let changes = stream::unfold(wakes, move |mut wakes| async move {
        loop {
            match wakes.recv().await {
                Ok(Wake::Question(id)) if id == question_id => break,
                Ok(_) => continue,
                // Some wake-ups were dropped: one of them may have been this question's.
                Err(RecvError::Lagged(_)) => break,
                Err(RecvError::Closed) => return None,
            }
        }
        let event = Event::default()
            .event("changed")
            .data(format!("{{\"question_id\":{question_id}}}"));
        Some((Ok(event), wakes))
    });
    Ok(Sse::new(changes).keep_alive(KeepAlive::default()))
}
