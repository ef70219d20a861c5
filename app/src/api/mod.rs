//! Server functions: each takes its input, calls one backend service, converts the result.

pub mod accounts;
pub mod bookings;
pub mod catalog;
pub mod disputes;
pub mod knowledge;
pub mod moderation;
pub mod notifications;
pub mod people;
pub mod ranks;
pub mod requests;
pub mod search;
pub mod social;
pub mod workspace;

/// What every server function starts from: the services, and who is asking — through the
/// same extractors as the JSON API, so a page and an endpoint refuse alike.
#[cfg(feature = "ssr")]
mod context {
    use crate::error::ServerError;
    use axum::extract::FromRequestParts;
    use domain::{account::CurrentUser, AppError};
    use web::{ApiError, MaybeSignedIn, SignedIn};

    /// The services every request is given. Missing only through a routing mistake: that is
    /// a 500 for this request, not a panic.
    pub fn services() -> Result<backend::Services, ServerError> {
        leptos::prelude::use_context::<backend::Services>().ok_or_else(|| {
            tracing::error!("a server function ran without the services in its context");
            ServerError::from(AppError::internal())
        })
    }

    /// Runs one of the request layer's extractors on the request being served. Contexts are
    /// read before the first `.await`: after it, a page being rendered may no longer see them.
    pub async fn extract<T>(services: &backend::Services) -> Result<T, ServerError>
    where
        T: FromRequestParts<backend::Services, Rejection = ApiError>,
    {
        let mut parts =
            leptos::prelude::use_context::<axum::http::request::Parts>().ok_or_else(|| {
                tracing::error!("a server function ran outside a request");
                ServerError::from(AppError::internal())
            })?;
        Ok(T::from_request_parts(&mut parts, services).await?)
    }

    /// The services and the signed-in account; 401 without one.
    pub async fn signed_in() -> Result<(backend::Services, CurrentUser), ServerError> {
        let services = services()?;
        let SignedIn(user) = extract::<SignedIn>(&services).await?;
        Ok((services, user))
    }

    /// The signed-in account, if any: for what anyone may see.
    pub async fn visitor() -> Result<Option<CurrentUser>, ServerError> {
        let MaybeSignedIn(user) = extract::<MaybeSignedIn>(&services()?).await?;
        Ok(user)
    }

    /// The address the request came from (unspecified if unknown, which then shares one
    /// throttle count with every other unknown).
    pub async fn client_address() -> std::net::IpAddr {
        use axum::extract::ConnectInfo;
        leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>()
            .await
            .map(|ConnectInfo(address)| address.ip())
            .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
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
