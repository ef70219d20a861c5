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

/// Every problem found with a form, as the server would name them (the browser checks with
/// the same rules before sending photos).
impl From<Vec<FieldError>> for ServerError {
    fn from(problems: Vec<FieldError>) -> Self {
        let mut error = match problems.first() {
            Some(first) => ServerError::from(AppError::from(first.clone())),
            None => ServerError::from(AppError::new(ErrorCode::Validation, "Check the form.")),
        };
        error.fields = problems;
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
        match value {
            ServerFnErrorErr::Request(_) => AppError::new(
                ErrorCode::Internal,
                "Could not reach Chef Galaxy. Check your connection.",
            )
            .into(),
            // On the server these are the caller's mistakes, not ours: a 4xx, never logged
            // as a failure.
            ServerFnErrorErr::Deserialization(why) | ServerFnErrorErr::Args(why)
                if cfg!(feature = "ssr") =>
            {
                refused_arguments(&why)
            }
            ServerFnErrorErr::MissingArg(name) if cfg!(feature = "ssr") => {
                FieldError::new(name, "This value is required.").into()
            }
            other => {
                AppError::new(ErrorCode::Internal, format!("Unexpected error: {other}")).into()
            }
        }
    }
}

/// Arguments a server function could not read: too large (413), or malformed (400, naming
/// the field when the decoder's message does).
fn refused_arguments(why: &str) -> ServerError {
    if why.contains("length limit exceeded") {
        return AppError::new(ErrorCode::TooLarge, "The request is too large.").into();
    }
    let field = why.split('`').nth(1).filter(|name| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    match field {
        Some(field) => {
            FieldError::new(field, format!("This value could not be read: {why}")).into()
        }
        None => AppError::new(
            ErrorCode::Validation,
            format!("The request could not be read: {why}"),
        )
        .into(),
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
