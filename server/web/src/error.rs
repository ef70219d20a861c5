//! The HTTP edge's one error shape: `{"error": {"code", "message", "field"?}}` with the status
//! that goes with the code. Internal errors are logged (and so reported to Sentry); their
//! details never reach the client.

use axum::{
    extract::rejection::{JsonRejection, QueryRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use domain::{AppError, ErrorCode};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug)]
pub struct ApiError(pub AppError);

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: AppError,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(ErrorBody { error: self.0 })).into_response();
        if status == StatusCode::TOO_MANY_REQUESTS {
            response
                .headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from_static("60"));
        }
        response
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        Self(error)
    }
}

impl From<domain::FieldError> for ApiError {
    fn from(error: domain::FieldError) -> Self {
        Self(error.into())
    }
}

impl From<backend::ServiceError> for ApiError {
    fn from(error: backend::ServiceError) -> Self {
        if error.is_internal() {
            tracing::error!(%error, "API request failed");
        }
        Self(error.into())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self(AppError::new(
                ErrorCode::TooLarge,
                "The request body is too large.",
            ));
        }
        Self(AppError::new(
            ErrorCode::Validation,
            format!(
                "The request body is not valid JSON for this endpoint: {}",
                rejection.body_text()
            ),
        ))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        // serde names the offending parameter in its message ("…query string: kind: unknown
        // variant…"); point the client at it.
        let text = rejection.body_text();
        let field = text
            .split_once("query string: ")
            .and_then(|(_, rest)| rest.split_once(": "))
            .map(|(path, _)| path)
            .filter(|path| path.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        let error = AppError::new(ErrorCode::Validation, format!("Invalid query: {text}"));
        Self(match field {
            Some(field) => error.with_field(field),
            None => error,
        })
    }
}
