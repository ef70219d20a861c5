use domain::{AppError, ErrorCode, FieldError};

use crate::payments::PaymentError;
use std::time::Duration;

/// What can go wrong in a service call. The web layer turns it into an [`AppError`].
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid input: {}", .0.first().map(|e| e.to_string()).unwrap_or_default())]
    Invalid(Vec<FieldError>),
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("wrong email or password")]
    WrongCredentials,
    #[error("too many attempts; retry in {0:?}")]
    RateLimited(Duration),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// A knowledge-section right that takes more reputation than the person has.
    #[error("{} needs {} reputation; they have {reputation}", .privilege.label(), .privilege.reputation_needed())]
    Unearned {
        privilege: domain::knowledge::Privilege,
        reputation: i64,
    },
    #[error("conflict: {}", .0.message)]
    Conflict(FieldError),
    #[error("media storage failed: {0}")]
    Storage(String),
    #[error("database error: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("password hashing failed: {0}")]
    PasswordHash(String),
    /// A setting that cannot work, found when the service is built.
    #[error("configuration: {0}")]
    Config(String),
    #[error("search failed: {0}")]
    Search(String),
    /// The payment provider refused or failed; what to tell the payer is in the error.
    #[error("payment: {0}")]
    Payment(#[from] crate::payments::PaymentError),
    /// The provider did not answer a charge in time. It may have charged the card: the
    /// reservation stays open and the reconcile job finishes it, once.
    #[error("payment unconfirmed: the provider did not answer")]
    PaymentUnconfirmed,
}

impl ServiceError {
    /// Whether the error is ours rather than the caller's; such errors are logged and reported.
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            ServiceError::Database(_)
                | ServiceError::PasswordHash(_)
                | ServiceError::Storage(_)
                | ServiceError::Config(_)
                | ServiceError::Search(_)
                | ServiceError::PaymentUnconfirmed
        ) || matches!(self, ServiceError::Payment(PaymentError::Provider(_)))
    }
}

impl From<FieldError> for ServiceError {
    fn from(error: FieldError) -> Self {
        ServiceError::Invalid(vec![error])
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> Self {
        match error {
            // The first problem is the one the API names; forms get all of them from the domain.
            ServiceError::Invalid(errors) => errors
                .into_iter()
                .next()
                .map(AppError::from)
                .unwrap_or_else(|| AppError::new(ErrorCode::Validation, "Invalid input.")),
            ServiceError::EmailTaken => AppError::new(
                ErrorCode::Conflict,
                "An account with this email already exists. Log in instead?",
            )
            .with_field("email"),
            // Same words whether the email exists or not: the answer must not reveal accounts.
            ServiceError::WrongCredentials => {
                AppError::new(ErrorCode::Unauthorized, "Wrong email or password.")
            }
            ServiceError::RateLimited(wait) => AppError::new(
                ErrorCode::RateLimited,
                format!(
                    "Too many attempts. Try again in {} seconds.",
                    wait.as_secs().max(1)
                ),
            ),
            ServiceError::NotFound(what) => AppError::not_found(what),
            ServiceError::Forbidden(why) => AppError::new(ErrorCode::Forbidden, why),
            ServiceError::Unearned {
                privilege,
                reputation,
            } => privilege
                .check(reputation)
                .err()
                .unwrap_or_else(|| AppError::new(ErrorCode::Forbidden, privilege.label())),
            ServiceError::Conflict(clash) => {
                AppError::new(ErrorCode::Conflict, clash.message).with_field(clash.field)
            }
            ServiceError::Payment(PaymentError::InvalidCard(problem)) => {
                AppError::new(ErrorCode::PaymentFailed, problem.message).with_field(problem.field)
            }
            ServiceError::Payment(PaymentError::Provider(_)) => AppError::new(
                ErrorCode::Internal,
                "The payment service is not answering. Nothing was charged; try again shortly.",
            ),
            ServiceError::PaymentUnconfirmed => AppError::new(
                ErrorCode::Internal,
                "The card network did not answer in time. If your card was charged, this booking \
                 shows as paid within a few minutes; you will never be charged twice.",
            ),
            ServiceError::Payment(refused) => {
                AppError::new(ErrorCode::PaymentFailed, refused.to_string()).with_field("card")
            }
            ServiceError::Database(_)
            | ServiceError::PasswordHash(_)
            | ServiceError::Storage(_)
            | ServiceError::Config(_)
            | ServiceError::Search(_) => AppError::internal(),
        }
    }
}
