//! What every response and every post goes through: security headers, no caching of anything that
//! may carry personal data, and a same-origin check on every state-changing request (CSRF).
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// For pages Leptos renders the CSP carries a per-response nonce (set in the shell); this one covers
/// everything else.
pub const FALLBACK_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// In development the page also talks to cargo-leptos' reload server.
pub fn page_csp(nonce: &str, development: bool) -> String {
    let reload = if development {
        " ws://127.0.0.1:3001"
    } else {
        ""
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'{reload}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    )
}

pub async fn headers(request: Request, next: Next) -> Response {
    let cacheable =
        request.uri().path().starts_with("/pkg/") || request.uri().path() == "/favicon.ico";
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(FALLBACK_CSP),
        );
    }
    if cacheable {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        );
    } else {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    rest.split('/').next().filter(|h| !h.is_empty())
}

/// A state-changing request must come from one of our own pages: its `Origin` (or, from browsers
/// that omit it, `Sec-Fetch-Site` or `Referer`) must name this host.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let get = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let Some(host) = get(header::HOST) else {
        return false;
    };
    // "null" is what a browser sends from a page that asked for no referrer: look further.
    if let Some(origin) = get(header::ORIGIN).filter(|o| *o != "null") {
        return host_of(origin) == Some(host);
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    get(header::REFERER).and_then(host_of) == Some(host)
}

pub async fn csrf(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || same_origin(request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "cross-site post refused");
    let lang = super::lang::from_headers(request.headers());
    super::pages::problem_page(
        StatusCode::FORBIDDEN,
        lang,
        crate::i18n::Key::problem_forbidden,
    )
    .into_response()
}

/// Posts our server refused before any handler ran (too large, unreadable, malformed) reach a
/// browser without JavaScript as a page in the person's language, never as a bare error.
pub async fn friendly_errors(request: Request, next: Next) -> Response {
    let from_form = request.method() == Method::POST
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"))
        && !request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("application/json"));
    let lang = super::lang::from_headers(request.headers());
    let response = next.run(request).await;
    let status = response.status();
    if !from_form || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let status = if status.is_server_error() {
        StatusCode::BAD_REQUEST
    } else {
        status
    };
    let key = if status == StatusCode::PAYLOAD_TOO_LARGE {
        crate::i18n::Key::problem_too_large
    } else {
        crate::i18n::Key::problem_bad_request
    };
    let mut page = super::pages::problem_page(status, lang, key).into_response();
    *page.status_mut() = status;
    page
}

pub fn empty(status: StatusCode) -> Response {
    Response::builder()
        .status(status)
        .body(Body::empty())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn a_post_from_our_own_page_passes() {
        assert!(same_origin(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000")
        ])));
        assert!(same_origin(&headers(&[
            ("host", "x.it"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(same_origin(&headers(&[
            ("host", "x.it"),
            ("referer", "https://x.it/apply")
        ])));
    }

    #[test]
    fn a_post_from_another_site_or_from_nowhere_is_refused() {
        assert!(!same_origin(&headers(&[
            ("host", "x.it"),
            ("origin", "https://evil.example")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "x.it"),
            ("origin", "null")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "x.it"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(!same_origin(&headers(&[("host", "x.it")])));
    }
}
