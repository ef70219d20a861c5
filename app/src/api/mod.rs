//! Server functions: each takes its input, calls one backend service, converts the result.

pub mod accounts;
pub mod bookings;
pub mod catalog;
pub mod disputes;
pub mod notifications;
pub mod people;
pub mod ranks;
pub mod requests;
pub mod search;
pub mod workspace;

#[cfg(feature = "ssr")]
mod context {
    use crate::error::ServerError;
    use domain::AppError;

    pub fn services() -> backend::Services {
        leptos::prelude::expect_context::<backend::Services>()
    }

    pub async fn session() -> Result<tower_sessions::Session, ServerError> {
        leptos_axum::extract::<tower_sessions::Session>()
            .await
            .map_err(|error| {
                tracing::error!(%error, "session layer missing");
                ServerError::from(AppError::internal())
            })
    }
}
