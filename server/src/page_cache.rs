//! The pages every anonymous visitor sees alike — the home page, the chef list and a chef's
//! page — rendered once per catalogue version and served from memory, already gzipped.
//!
//! These pages show only the public catalogue (kept by [`backend::catalog::cache`] under the
//! catalogue's version and for a minute of the platform's clock) and, for someone not signed
//! in, nothing of their own. So a page kept under the same version and minute is the page a
//! new render would give, and it is kept by the same rule: a change to a chef, a dish or a
//! person moves the version on every instance at once.
//!
//! One thing differs per answer: the CSP nonce that lets the page's inline scripts run. A
//! nonce seen by everyone would let an injected script borrow it, so every answer gets a new
//! one. The page is rendered with a nonce chosen here, kept cut where that nonce stood, and
//! joined with a fresh nonce per answer. The gzip copy is kept the same way: each piece is
//! deflated on its own up to a byte boundary, and an answer is a gzip stream of those deflated
//! pieces with the nonce between them as stored (uncompressed) deflate blocks, then a final
//! block and the checksum of the whole. Brotli streams cannot be joined like that; a visitor
//! whose browser takes gzip (every browser) gets gzip.
//!
//! Not kept: signed-in visitors (a session cookie), other methods and paths, answers other
//! than a 200 HTML page without cookies, and pages the chosen nonce does not appear in.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use backend::catalog::{
    cache::{Kept, ReadAt},
    Catalog,
};
use bytes::Bytes;
use flate2::{Compress, Compression, FlushCompress, Status};
use std::sync::Arc;

/// Memory for kept pages, both copies counted.
const KEPT_BYTES: u64 = 64 * 1024 * 1024;

/// A page larger than this is rendered per visit: a few of them would crowd out the rest.
const LARGEST_KEPT_PAGE: usize = 2 * 1024 * 1024;

/// Pages by path and query. Cheap to clone: clones share the pages.
#[derive(Clone)]
pub struct PageCache {
    catalog: Catalog,
    pages: Kept<String, Arc<KeptPage>>,
}

/// The nonce a page is to be rendered with, chosen by the cache so it can find it again.
#[derive(Clone)]
pub struct RenderNonce(pub Arc<str>);

impl PageCache {
    pub fn new(catalog: Catalog) -> Self {
        Self {
            catalog,
            pages: Kept::weighed(KEPT_BYTES, |page| {
                u32::try_from(page.bytes()).unwrap_or(u32::MAX)
            }),
        }
    }
}

pub async fn serve_kept_pages(
    State(cache): State<PageCache>,
    mut request: Request,
    next: Next,
) -> Response {
    if !shows_every_visitor_the_same(&request) {
        return next.run(request).await;
    }
    let at: ReadAt = match cache.catalog.read_at().await {
        Ok(at) => at,
        // The page will say what went wrong; nothing is kept without a version.
        Err(_) => return next.run(request).await,
    };
    let key = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |p| p.as_str().to_owned(),
    );
    let gzip = accepts_gzip(request.headers());
    if let Some(page) = cache.pages.kept(at, key.clone()) {
        return page.answer(&fresh_nonce(), gzip);
    }

    let nonce = fresh_nonce();
    request
        .extensions_mut()
        .insert(RenderNonce(Arc::from(nonce.as_str())));
    let response = next.run(request).await;
    if !may_keep(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let html = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(html) => html,
        Err(error) => {
            tracing::error!(%error, "a page's body could not be read");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let content_type = parts.headers.get(header::CONTENT_TYPE).cloned();
    match (content_type, html.len() <= LARGEST_KEPT_PAGE) {
        (Some(content_type), true) => {
            let page = KeptPage::cut(content_type, html.clone(), &nonce);
            // Without the chosen nonce the page's scripts were not ours to renew.
            if page.pieces.len() < 2 {
                return Response::from_parts(parts, Body::from(html));
            }
            let page = Arc::new(page);
            cache.pages.keep(at, key, page.clone());
            page.answer(&fresh_nonce(), gzip)
        }
        _ => Response::from_parts(parts, Body::from(html)),
    }
}

/// A GET from someone not signed in, for a page that shows only the catalogue.
fn shows_every_visitor_the_same(request: &Request) -> bool {
    let path = request.uri().path();
    let catalogue_page = path == "/"
        || path == "/chefs"
        || path
            .strip_prefix("/chefs/")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    request.method() == Method::GET
        && catalogue_page
        && !crate::security::carries_session(request.headers())
}

/// A whole HTML page, as every visitor would get it.
fn may_keep(response: &Response) -> bool {
    let headers = response.headers();
    response.status() == StatusCode::OK
        && headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/html"))
        && !headers.contains_key(header::SET_COOKIE)
        && !headers.contains_key(header::CONTENT_ENCODING)
}

/// Whether the client takes gzip (named, or `*`, and not with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|param| {
                param
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

fn fresh_nonce() -> String {
    leptos::nonce::Nonce::new().to_string()
}

/// A page cut where its nonce stood, as text and as deflated pieces.
pub struct KeptPage {
    content_type: HeaderValue,
    pieces: Vec<Bytes>,
    deflated: Vec<Bytes>,
}

/// gzip's header: deflate, no name or time, unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// An empty final deflate block (fixed codes, end of block at once).
const LAST_DEFLATE_BLOCK: [u8; 2] = [0x03, 0x00];

impl KeptPage {
    fn cut(content_type: HeaderValue, html: Bytes, nonce: &str) -> Self {
        let mut pieces = Vec::new();
        let mut start = 0;
        let nonce = nonce.as_bytes();
        let mut at = 0;
        while at + nonce.len() <= html.len() {
            if &html[at..at + nonce.len()] == nonce {
                pieces.push(html.slice(start..at));
                at += nonce.len();
                start = at;
            } else {
                at += 1;
            }
        }
        pieces.push(html.slice(start..));
        let deflated = pieces
            .iter()
            .map(|piece| Bytes::from(deflate_to_byte_boundary(piece)))
            .collect();
        Self {
            content_type,
            pieces,
            deflated,
        }
    }

    fn bytes(&self) -> usize {
        total_length(&self.pieces) + total_length(&self.deflated)
    }

    /// The page with `nonce` where its nonce stood.
    fn html(&self, nonce: &str) -> Vec<u8> {
        let nonces = self.pieces.len().saturating_sub(1) * nonce.len();
        let mut html = Vec::with_capacity(total_length(&self.pieces) + nonces);
        for (n, piece) in self.pieces.iter().enumerate() {
            if n > 0 {
                html.extend_from_slice(nonce.as_bytes());
            }
            html.extend_from_slice(piece);
        }
        html
    }

    /// The same page as a gzip stream, deflated pieces around the nonce as stored blocks.
    fn gzipped(&self, nonce: &str) -> Vec<u8> {
        let nonce = nonce.as_bytes();
        let stored_length = u16::try_from(nonce.len()).expect("a nonce is short");
        let stored_nonces = self.pieces.len().saturating_sub(1) * (5 + nonce.len());
        let mut gzip = Vec::with_capacity(total_length(&self.deflated) + stored_nonces + 20);
        gzip.extend_from_slice(&GZIP_HEADER);
        let mut checksum = crc32fast::Hasher::new();
        let mut length = 0usize;
        for (n, (piece, deflated)) in self.pieces.iter().zip(&self.deflated).enumerate() {
            if n > 0 {
                // A stored block, not the last: its 3 header bits padded to a byte, then
                // the length and its complement.
                gzip.push(0);
                gzip.extend_from_slice(&stored_length.to_le_bytes());
                gzip.extend_from_slice(&(!stored_length).to_le_bytes());
                gzip.extend_from_slice(nonce);
                checksum.update(nonce);
                length += nonce.len();
            }
            gzip.extend_from_slice(deflated);
            checksum.update(piece);
            length += piece.len();
        }
        gzip.extend_from_slice(&LAST_DEFLATE_BLOCK);
        gzip.extend_from_slice(&checksum.finalize().to_le_bytes());
        // gzip keeps the length modulo 2^32.
        gzip.extend_from_slice(&(length as u32).to_le_bytes());
        gzip
    }

    fn answer(&self, nonce: &str, gzip: bool) -> Response {
        let mut response = if gzip {
            let mut response = Response::new(Body::from(self.gzipped(nonce)));
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            response
        } else {
            Response::new(Body::from(self.html(nonce)))
        };
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, self.content_type.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        response
    }
}

fn total_length(all: &[Bytes]) -> usize {
    all.iter().map(Bytes::len).sum()
}

/// Raw deflate blocks holding `piece`, ending on a byte boundary and none of them final, so
/// that other blocks may follow. Each piece starts a new compressor: nothing refers back
/// into a nonce that will have changed.
fn deflate_to_byte_boundary(piece: &[u8]) -> Vec<u8> {
    let mut deflate = Compress::new(Compression::default(), false);
    let mut deflated = Vec::with_capacity(piece.len() / 3 + 64);
    loop {
        let read = usize::try_from(deflate.total_in()).expect("a page fits in memory");
        deflated.reserve(piece.len() / 4 + 64);
        let status = deflate
            .compress_vec(&piece[read..], &mut deflated, FlushCompress::Sync)
            .expect("deflating bytes in memory cannot fail");
        let all_read = deflate.total_in() as usize == piece.len();
        // The flush is complete once it left room in the output.
        if all_read && deflated.len() < deflated.capacity() || status == Status::StreamEnd {
            return deflated;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    const NONCE: &str = "AAAAAAAAAAAAAAAAAAAAAA";

    fn page(html: &str) -> KeptPage {
        let html = html.replace("{nonce}", NONCE);
        KeptPage::cut(
            HeaderValue::from_static("text/html; charset=utf-8"),
            Bytes::from(html),
            NONCE,
        )
    }

    fn gunzip(gzip: &[u8]) -> String {
        let mut html = String::new();
        flate2::read::GzDecoder::new(gzip)
            .read_to_string(&mut html)
            .expect("a valid gzip stream with a matching checksum and length");
        html
    }

    #[test]
    fn a_kept_page_carries_the_new_nonce_wherever_the_rendered_one_stood() {
        let kept = page(r#"<meta content="'nonce-{nonce}'"><script nonce="{nonce}">go()</script>"#);
        let html = String::from_utf8(kept.html("bbbbbbbbbbbbbbbbbbbbbb")).unwrap();
        assert_eq!(
            html,
            r#"<meta content="'nonce-bbbbbbbbbbbbbbbbbbbbbb'"><script nonce="bbbbbbbbbbbbbbbbbbbbbb">go()</script>"#
        );
    }

    #[test]
    fn the_gzip_copy_unzips_to_the_same_page_with_the_same_new_nonce() {
        let chefs: String = (0..2_000)
            .map(|n| format!("<li>Chef {n} cooks <b>paella</b></li>"))
            .collect();
        let kept = page(&format!(
            "{{nonce}}<head><script nonce=\"{{nonce}}\"></script></head><ul>{chefs}</ul>{{nonce}}{{nonce}}"
        ));
        let nonce = "cccccccccccccccccccccc";
        let gzip = kept.gzipped(nonce);
        assert_eq!(gunzip(&gzip).into_bytes(), kept.html(nonce));
        assert!(
            gzip.len() * 5 < kept.html(nonce).len(),
            "the pieces are compressed, not stored: {} bytes",
            gzip.len()
        );
    }

    #[test]
    fn a_page_without_a_nonce_is_one_piece_and_still_unzips() {
        let kept = page("<p>plain</p>");
        assert_eq!(kept.pieces.len(), 1);
        assert_eq!(gunzip(&kept.gzipped(NONCE)), "<p>plain</p>");
    }

    #[test]
    fn gzip_is_chosen_when_named_or_starred_and_not_refused() {
        let accepts = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            accepts_gzip(&headers)
        };
        assert!(accepts("gzip, deflate, br"));
        assert!(accepts("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts("*"));
        assert!(!accepts("br"));
        assert!(!accepts("gzip;q=0, br"));
        assert!(!accepts("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn only_anonymous_gets_of_catalogue_pages_are_kept() {
        let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
        assert!(shows_every_visitor_the_same(&get("/")));
        assert!(shows_every_visitor_the_same(&get("/chefs?page=2")));
        assert!(shows_every_visitor_the_same(&get("/chefs/12")));
        assert!(!shows_every_visitor_the_same(&get("/chefs/12/edit")));
        assert!(!shows_every_visitor_the_same(&get("/chefs/")));
        assert!(!shows_every_visitor_the_same(&get("/search?city=London")));
        assert!(!shows_every_visitor_the_same(&get("/bookings")));
        let signed_in = Request::get("/chefs/12")
            .header(
                header::COOKIE,
                format!("theme=dark; {}=abc", crate::SESSION_COOKIE),
            )
            .body(Body::empty())
            .unwrap();
        assert!(!shows_every_visitor_the_same(&signed_in));
        let post = Request::post("/chefs").body(Body::empty()).unwrap();
        assert!(!shows_every_visitor_the_same(&post));
    }

    mod serving {
        use super::*;
        use axum::{routing::get, Router};
        use std::sync::atomic::{AtomicUsize, Ordering};
        use tower::ServiceExt;

        /// A router whose pages count their renders, behind the page cache, over a real
        /// (empty) catalogue.
        struct Site {
            router: Router,
            db: backend::DatabaseConnection,
            clock: backend::Clock,
            renders: Arc<AtomicUsize>,
            _folders: (tempfile::TempDir, tempfile::TempDir),
        }

        async fn site() -> Site {
            let (database, url) = backend::db::scratch::sqlite_database();
            let db = backend::db::connect(&url).await.unwrap();
            backend::db::migrate(&db).await.unwrap();
            let files = tempfile::tempdir().unwrap();
            let search =
                backend::search::EmbeddedSearch::open(files.path().join("search")).unwrap();
            let media = backend::MediaStore::local(files.path().join("media")).unwrap();
            let deps = backend::Deps::new(db.clone(), media, Arc::new(search));
            let renders = Arc::new(AtomicUsize::new(0));
            let counted = renders.clone();
            let router = Router::new()
                .route(
                    "/chefs/{id}",
                    get(move |request: Request| render(counted.clone(), request)),
                )
                .layer(axum::middleware::from_fn_with_state(
                    PageCache::new(Catalog::new(&deps)),
                    serve_kept_pages,
                ));
            Site {
                router,
                db,
                clock: deps.clock.clone(),
                renders,
                _folders: (database, files),
            }
        }

        async fn render(renders: Arc<AtomicUsize>, request: Request) -> Response {
            let render = renders.fetch_add(1, Ordering::SeqCst) + 1;
            let nonce = request
                .extensions()
                .get::<RenderNonce>()
                .map(|RenderNonce(nonce)| nonce.to_string())
                .unwrap_or_default();
            let html = axum::response::Html(format!(
                "<script nonce=\"{nonce}\">render {render}</script>"
            ));
            if request.uri().path() == "/chefs/404" {
                (StatusCode::NOT_FOUND, html).into_response()
            } else {
                html.into_response()
            }
        }

        impl Site {
            async fn page(&self, request: axum::http::request::Builder) -> String {
                let response = self
                    .router
                    .clone()
                    .oneshot(request.body(Body::empty()).unwrap())
                    .await
                    .unwrap();
                let html = axum::body::to_bytes(response.into_body(), usize::MAX)
                    .await
                    .unwrap();
                String::from_utf8(html.to_vec()).unwrap()
            }

            async fn anonymous(&self, path: &str) -> String {
                self.page(Request::get(path)).await
            }

            fn renders(&self) -> usize {
                self.renders.load(Ordering::SeqCst)
            }
        }

        #[tokio::test]
        async fn a_page_is_rendered_once_and_served_again_until_the_catalogue_changes() {
            let site = site().await;
            let first = site.anonymous("/chefs/7").await;
            let again = site.anonymous("/chefs/7").await;
            assert!(first.ends_with(">render 1</script>"), "{first}");
            assert!(again.ends_with(">render 1</script>"), "{again}");
            assert_ne!(first, again, "each answer has a nonce of its own");
            assert_eq!(site.renders(), 1);

            let now = site.clock.now();
            backend::search::outbox::chef_changed(&site.db, 7, now)
                .await
                .unwrap();
            assert!(site
                .anonymous("/chefs/7")
                .await
                .ends_with(">render 2</script>"));
            assert!(site
                .anonymous("/chefs/8")
                .await
                .ends_with(">render 3</script>"));
            assert_eq!(site.renders(), 3);
        }

        #[tokio::test]
        async fn signed_in_visitors_and_missing_pages_are_rendered_every_time() {
            let site = site().await;
            for _ in 0..2 {
                let cookie = format!("{}=abc", crate::SESSION_COOKIE);
                site.page(Request::get("/chefs/7").header(header::COOKIE, cookie))
                    .await;
                site.anonymous("/chefs/404").await;
            }
            assert_eq!(site.renders(), 4);
        }
    }
}
