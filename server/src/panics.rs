//! A panic while serving a request is a bug, but one that should cost a 500 with a request
//! id, never a dropped connection, and one log line, never a screenful of backtrace.

use axum::{extract::Request, middleware::Next, response::IntoResponse, response::Response};
use domain::{AppError, ErrorCode};
use futures_util::FutureExt;
use std::panic::AssertUnwindSafe;

use web::ApiError;

/// Marks a response whose failure was already logged, so it is not logged twice.
#[derive(Clone, Copy)]
pub struct AlreadyLogged;

/// Turns a panic in the rest of the stack into a JSON 500 naming the request id, which the
/// person can quote to support and which the log line carries too.
pub async fn catch(request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    match AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) => response,
        Err(_) => {
            let error = AppError::new(
                ErrorCode::Internal,
                format!(
                    "Something went wrong on our side. If it happens again, quote request {request_id} to support."
                ),
            );
            let mut response = ApiError(error).into_response();
            response.extensions_mut().insert(AlreadyLogged);
            response
        }
    }
}

/// Panics are logged as one error line (with the request span's id, when serving), which
/// also reaches Sentry, instead of the standard hook's multi-line report.
pub fn log_as_one_line() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        let location = info
            .location()
            .map(|at| format!("{}:{}", at.file(), at.line()))
            .unwrap_or_default();
        tracing::error!(%location, "panic: {message}");
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, http::StatusCode, routing::get, Router};
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_panicking_handler_answers_a_json_500_naming_the_request_id() {
        let app = Router::new()
            .route(
                "/boom",
                get(|| async {
                    let pages: Vec<String> = Vec::new();
                    pages[7].clone()
                }),
            )
            .layer(axum::middleware::from_fn(catch));
        let request = axum::http::Request::get("/boom")
            .header("x-request-id", "req-42")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(response.extensions().get::<AlreadyLogged>().is_some());
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "internal");
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("req-42"));
    }
}
