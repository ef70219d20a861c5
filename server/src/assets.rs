//! The site's files: the WASM bundle, its JS glue and the stylesheet under `/pkg`, and what
//! `public/` holds (favicon, map and payment bridges, vendored Leaflet), as the build left
//! them in the site folder.
//!
//! A release build names the bundle's files by their content's hash and writes brotli and
//! gzip copies beside every file (`cargo leptos build --release --precompress`, with
//! `hash-files` in the workspace's Leptos settings). Files are served as they lie on disk,
//! the compressed copy the browser accepts chosen by `ServeDir`, so nothing is compressed
//! per request; hashed names never change content, so browsers keep them for a year without
//! asking again, and everything else is revalidated (a 304, no body) on each visit.

use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::Response,
    Router,
};
use leptos::config::LeptosOptions;
use std::path::{Path, PathBuf};
use tower_http::services::{ServeDir, ServeFile};

/// What a browser may do with a file whose name carries its content's hash.
const FOREVER: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
/// Anything else: keep it, but ask whether it changed before using it again.
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

/// Routes for the site's files: the bundle (`/pkg`), the vendored libraries (`/vendor`) and
/// each file at the site's root (`/favicon.svg`, `/map.js`…), all with their compressed copies.
/// Anything else falls through to the pages.
pub fn routes<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    let site = PathBuf::from(options.site_root.as_ref());
    let package = site.join(options.site_pkg_dir.as_ref());
    warn_when_not_precompressed(&package);
    let folder = |path: &Path| ServeDir::new(path).precompressed_br().precompressed_gzip();
    let mut routes = Router::new()
        .nest_service(&format!("/{}", options.site_pkg_dir), folder(&package))
        .nest_service("/vendor", folder(&site.join("vendor")));
    for name in files_at_the_root(&site) {
        let file = ServeFile::new(site.join(&name))
            .precompressed_br()
            .precompressed_gzip();
        routes = routes.route_service(&format!("/{name}"), file);
    }
    routes.layer(middleware::from_fn(cache_by_name))
}

/// The names of the plain files directly in `site` (not their compressed copies).
fn files_at_the_root(site: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(site) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| !name.ends_with(".br") && !name.ends_with(".gz"))
        .collect()
}

/// Sets how long browsers keep a file, from its name.
async fn cache_by_name(request: Request, next: Next) -> Response {
    let forever = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED) {
        let policy = if forever { FOREVER } else { REVALIDATE };
        response.headers_mut().insert(header::CACHE_CONTROL, policy);
    }
    response
}

/// cargo-leptos names a hashed file `name.{hash}.ext`, the hash an MD5 digest in unpadded
/// URL-safe base64: 22 characters.
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split('.').any(|part| {
        part.len() == 22
            && part
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
    })
}

/// A release build without brotli copies would send the multi-megabyte bundle uncompressed:
/// say so once at start-up rather than on every first visit.
fn warn_when_not_precompressed(package: &Path) {
    let Ok(entries) = std::fs::read_dir(package) else {
        return;
    };
    let names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    let has_wasm = names.iter().any(|name| name.ends_with(".wasm"));
    let has_brotli = names.iter().any(|name| name.ends_with(".wasm.br"));
    if has_wasm && !has_brotli {
        tracing::warn!(
            folder = %package.display(),
            "the WASM bundle has no precompressed copies; build with `make build` to serve it compressed"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{is_content_hashed, routes};
    use axum::{
        body::{to_bytes, Body},
        http::{header, Request, StatusCode},
        response::Response,
    };
    use leptos::config::LeptosOptions;
    use tower::ServiceExt;

    const HASHED_WASM: &str = "pkg/chef-galaxy.AbCdEfGhIjKlMnOpQrStUv.wasm";

    /// A site folder as a release build leaves it: files with brotli copies beside them.
    fn site() -> tempfile::TempDir {
        let site = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = site.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(HASHED_WASM, "the bundle");
        write(&format!("{HASHED_WASM}.br"), "the bundle, brotli");
        write("pkg/unhashed.js", "glue");
        write("favicon.svg", "<svg/>");
        write("favicon.svg.br", "<svg/>, brotli");
        write("vendor/leaflet/leaflet.js", "leaflet");
        site
    }

    async fn get(site: &tempfile::TempDir, path: &str) -> Response {
        let options = LeptosOptions::builder()
            .output_name("chef-galaxy")
            .site_root(site.path().to_string_lossy().into_owned())
            .build();
        let request = Request::get(path)
            .header(header::ACCEPT_ENCODING, "br, gzip")
            .body(Body::empty())
            .unwrap();
        routes::<()>(&options).oneshot(request).await.unwrap()
    }

    fn header_of(response: &Response, name: header::HeaderName) -> &str {
        response
            .headers()
            .get(name)
            .map_or("", |value| value.to_str().unwrap())
    }

    #[tokio::test]
    async fn a_hashed_file_is_sent_as_the_build_compressed_it_and_kept_for_a_year() {
        let site = site();
        let response = get(&site, &format!("/{HASHED_WASM}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header_of(&response, header::CONTENT_ENCODING), "br");
        assert_eq!(
            header_of(&response, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        assert_eq!(&body[..], b"the bundle, brotli");
    }

    #[tokio::test]
    async fn files_without_a_hash_are_revalidated_before_each_use() {
        let site = site();
        for path in [
            "/pkg/unhashed.js",
            "/favicon.svg",
            "/vendor/leaflet/leaflet.js",
        ] {
            let response = get(&site, path).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(
                header_of(&response, header::CACHE_CONTROL),
                "no-cache",
                "{path}"
            );
        }
        let icon = get(&site, "/favicon.svg").await;
        assert_eq!(header_of(&icon, header::CONTENT_ENCODING), "br");
    }

    #[tokio::test]
    async fn a_missing_file_is_not_found_and_not_cached() {
        let site = site();
        let response = get(&site, "/pkg/chef-galaxy.ZZZZZZZZZZZZZZZZZZZZZZ.wasm").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(header_of(&response, header::CACHE_CONTROL), "");
    }

    #[test]
    fn hashed_names_are_told_from_plain_ones() {
        assert!(is_content_hashed(
            "/pkg/chef-galaxy.AbCdEfGhIjKlMnOpQrStUv.wasm"
        ));
        assert!(is_content_hashed(
            "/pkg/__wasm_split.Ab-d_fGhIjKlMnOpQrStUv.js"
        ));
        assert!(!is_content_hashed("/pkg/chef-galaxy.wasm"));
        assert!(!is_content_hashed("/vendor/leaflet/leaflet.js"));
        assert!(!is_content_hashed(
            "/pkg/chef-galaxy.AbCdEfGhIjKlMnOpQrStU.wasm"
        ));
    }
}
