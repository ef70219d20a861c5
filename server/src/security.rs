//! Protections every response and request gets: security headers, a request id in every log
//! line, and the cross-site request rule.
//!
//! Cross-site rule: a request that can change state (anything but GET, HEAD and OPTIONS) is
//! refused with 403 when the browser says it comes from another site — its `Origin` header
//! names a different origin than this site's (`PUBLIC_ORIGIN`, or else the `Host` it was sent
//! to), or, without `Origin`, `Sec-Fetch-Site` says `cross-site`. Requests carrying neither
//! header come from non-browser clients, which cannot ride on a visitor's cookies. Together
//! with the SameSite=Lax session cookie this stops cross-site request forgery.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};
use domain::{AppError, ErrorCode};
use std::sync::Arc;
use tracing::Span;

use crate::config::Config;
use web::ApiError;

/// Scripts: our own files, the WASM, the inline hydration script (the page's nonce'd
/// `<meta>` policy narrows inline scripts to that one) and Stripe.js, whose card field is a
/// frame of Stripe's talking to Stripe's API. No framing of our pages by other sites.
/// Images: ours, data URLs and any https:// address (map tiles, Stripe), plus a plain-http
/// tile server when one is configured.
pub fn content_security_policy(config: &Config) -> HeaderValue {
    let extra_images = config
        .extra_image_origin()
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; \
        script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' https://js.stripe.com; \
        frame-src https://js.stripe.com https://hooks.stripe.com; \
        style-src 'self' 'unsafe-inline'; img-src 'self' data: https:{extra_images}; \
        connect-src 'self' https://api.stripe.com; \
        font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
        frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static("default-src 'self'"))
}

pub async fn headers(State(policy): State<HeaderValue>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let signed_in = carries_session(request.headers());
    let mut response = next.run(request).await;
    let logged = response
        .extensions()
        .get::<crate::panics::AlreadyLogged>()
        .is_some();
    if response.status().is_server_error() && !logged {
        // Logged at error level, so Sentry receives it when configured.
        tracing::error!(%method, %path, status = response.status().as_u16(), "request failed");
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    // Answers that may carry someone's data are never stored by a browser or a proxy;
    // other pages are revalidated. Responses that chose their own caching keep it.
    if path.starts_with("/api/") || (signed_in && is_html) {
        set(headers, header::CACHE_CONTROL, "no-store");
    } else if is_html {
        set(headers, header::CACHE_CONTROL, "no-cache");
    }
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(policy);
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(
        headers,
        header::REFERRER_POLICY,
        "strict-origin-when-cross-origin",
    );
    set(
        headers,
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(self)",
    );
    response
}

/// Whether the request carries the session cookie (signed in, or was).
pub(crate) fn carries_session(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|cookies| {
            cookies
                .split(';')
                .filter_map(|cookie| cookie.trim_start().strip_prefix(crate::SESSION_COOKIE))
                .any(|rest| rest.starts_with('='))
        })
}

pub async fn reject_cross_origin_writes(
    State(config): State<Arc<Config>>,
    request: Request,
    next: Next,
) -> Response {
    if is_cross_site_write(
        request.method(),
        request.headers(),
        config.public_origin.as_deref(),
    ) {
        tracing::warn!(origin = ?request.headers().get(header::ORIGIN), "cross-site write refused");
        return ApiError(AppError::new(
            ErrorCode::Forbidden,
            "This request came from another site and was refused.",
        ))
        .into_response();
    }
    next.run(request).await
}

fn is_cross_site_write(method: &Method, headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let header_str = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    match header_str(header::ORIGIN) {
        Some(origin) => {
            let origin = origin.trim_end_matches('/');
            match public_origin {
                Some(expected) => !origin.eq_ignore_ascii_case(expected),
                None => {
                    let origin_host = origin.split_once("://").map(|(_, host)| host);
                    origin_host.is_none_or(|host| {
                        header_str(header::HOST)
                            .is_none_or(|expected| !host.eq_ignore_ascii_case(expected))
                    })
                }
            }
        }
        None => header_str(header::HeaderName::from_static("sec-fetch-site")) == Some("cross-site"),
    }
}

pub fn request_span(request: &axum::http::Request<Body>) -> Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = %request_id,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    #[test]
    fn a_post_from_this_site_is_allowed() {
        let h = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ]);
        assert!(!is_cross_site_write(&Method::POST, &h, None));
    }

    #[test]
    fn a_post_from_another_origin_is_refused() {
        let h = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "https://evil.example"),
        ]);
        assert!(is_cross_site_write(&Method::POST, &h, None));
    }

    #[test]
    fn a_post_whose_fetch_metadata_says_cross_site_is_refused() {
        let h = headers(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")]);
        assert!(is_cross_site_write(&Method::DELETE, &h, None));
    }

    #[test]
    fn a_post_from_a_non_browser_client_is_allowed() {
        let h = headers(&[("host", "127.0.0.1:3000")]);
        assert!(!is_cross_site_write(&Method::POST, &h, None));
    }

    #[test]
    fn reads_are_never_refused() {
        let h = headers(&[("host", "a"), ("origin", "https://evil.example")]);
        assert!(!is_cross_site_write(&Method::GET, &h, None));
    }

    #[test]
    fn behind_a_proxy_the_public_origin_decides() {
        let h = headers(&[
            ("host", "internal:8080"),
            ("origin", "https://chefgalaxy.example"),
        ]);
        assert!(!is_cross_site_write(
            &Method::POST,
            &h,
            Some("https://chefgalaxy.example")
        ));
        assert!(is_cross_site_write(
            &Method::POST,
            &h,
            Some("https://other.example")
        ));
    }
}
