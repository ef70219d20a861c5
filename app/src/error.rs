//! The error server functions return: the shared [`AppError`] plus, for rejected forms,
//! every field's problem so the form can mark them all at once.

use domain::{AppError, ErrorCode, FieldError};
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", .error.message)]
pub struct ServerError {
    pub error: AppError,
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

impl ServerError {
    /// The message for one field, if the server rejected it.
    pub fn field(&self, name: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|f| f.field == name)
            .map(|f| f.message.clone())
            .or_else(|| {
                (self.error.field.as_deref() == Some(name)).then(|| self.error.message.clone())
            })
    }
}

impl From<AppError> for ServerError {
    fn from(error: AppError) -> Self {
        set_response_status(error.code);
        Self {
            error,
            fields: vec![],
        }
    }
}

impl From<FieldError> for ServerError {
    fn from(problem: FieldError) -> Self {
        let mut error = ServerError::from(AppError::from(problem.clone()));
        error.fields = vec![problem];
        error
    }
}

/// Server functions answer with the status that matches the error (401, 409, 429…) rather
/// than a blanket 500, so logs and error reporting only see real failures as 5xx.
fn set_response_status(code: ErrorCode) {
    set_status(code.http_status());
}

/// Sets the HTTP status of the response being rendered on the server (a missing chef is a
/// real 404 to crawlers); does nothing in the browser.
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(code)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

impl FromServerFnError for ServerError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let message = match value {
            ServerFnErrorErr::Request(_) => {
                "Could not reach Chef Galaxy. Check your connection.".to_owned()
            }
            other => format!("Unexpected error: {other}"),
        };
        AppError::new(ErrorCode::Internal, message).into()
    }
}

#[cfg(feature = "ssr")]
impl From<backend::ServiceError> for ServerError {
    fn from(error: backend::ServiceError) -> Self {
        if error.is_internal() {
            tracing::error!(%error, "server function failed");
        }
        let fields = match &error {
            backend::ServiceError::Invalid(fields) => fields.clone(),
            _ => vec![],
        };
        let error: AppError = error.into();
        set_response_status(error.code);
        Self { error, fields }
    }
}

/// A refusal from the request layer (not signed in, suspended…), as pages show errors.
#[cfg(feature = "ssr")]
impl From<web::ApiError> for ServerError {
    fn from(web::ApiError(error): web::ApiError) -> Self {
        error.into()
    }
}
