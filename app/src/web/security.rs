//! What every response and every post goes through: security headers, no caching of anything that
//! may carry personal data, and a same-origin check on every state-changing request (CSRF).
use axum::body::Body;
use axum::extract::{Request, State};
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

/// Security headers on every response; outside development also HSTS, and every cookie `Secure`
/// (one place, so that no cookie set anywhere can travel over plain HTTP).
pub async fn headers(
    State(state): State<super::AppState>,
    request: Request,
    next: Next,
) -> Response {
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
    if !state.config.development {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
        secure_cookies(h);
    }
    response
}

/// Marks every cookie of the response `Secure`.
fn secure_cookies(h: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = h
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| {
            let text = v.to_str().unwrap_or_default();
            if text.is_empty() || text.to_ascii_lowercase().contains("; secure") {
                v.clone()
            } else {
                HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or_else(|_| v.clone())
            }
        })
        .collect();
    h.remove(header::SET_COOKIE);
    for c in cookies {
        h.append(header::SET_COOKIE, c);
    }
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

/// Posts our server refused (too large, unreadable, malformed, or failed in a server function)
/// reach a browser without JavaScript as a page in the person's language, never as a bare error.
/// A fault of the server keeps its 5xx status and says so: the person is never told that what they
/// sent was wrong when it was the server that failed.
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
    let (response, error) = server_fn_error(next.run(request).await).await;
    let status = response.status();
    if !from_form || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let key = match error {
        _ if status.is_server_error() => crate::i18n::Key::problem_not_saved,
        Some(e) => e.key(),
        None if status == StatusCode::PAYLOAD_TOO_LARGE => crate::i18n::Key::problem_too_large,
        None => crate::i18n::Key::problem_bad_request,
    };
    super::pages::problem_page(status, lang, key).into_response()
}

/// A server function answers every failure with 500 and its `AppError` in the body: the answer
/// gets the error's own status instead (404, 409, 503…), for browsers, the applicant client and
/// the logs alike.
async fn server_fn_error(response: Response) -> (Response, Option<crate::error::AppError>) {
    use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
    let failed = response.status().is_client_error() || response.status().is_server_error();
    if !failed || !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return (response, None);
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, super::BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!("a server function's error could not be read: {e}");
            return (Response::from_parts(parts, Body::empty()), None);
        }
    };
    let error = serde_json::from_slice::<crate::error::AppError>(&bytes).ok();
    if let Some(e) = &error {
        parts.status = e.status();
    }
    (Response::from_parts(parts, Body::from(bytes)), error)
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

    /// A server function that failed with `error`, as server_fn answers it: 500, the error in the body.
    async fn failing(error: crate::error::AppError) -> Response {
        use leptos::server_fn::error::{FromServerFnError, SERVER_FN_ERROR_HEADER};
        Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .header(SERVER_FN_ERROR_HEADER, "/api/save_step")
            .body(Body::from(error.ser()))
            .unwrap()
    }

    async fn post_form(
        error: crate::error::AppError,
        accept: &'static str,
    ) -> (StatusCode, String) {
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route(
                "/api/save_step",
                axum::routing::post(move || failing(error.clone())),
            )
            .layer(axum::middleware::from_fn(friendly_errors));
        let response = app
            .oneshot(
                Request::post("/api/save_step")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, accept)
                    .header(header::ACCEPT_LANGUAGE, "it")
                    .body(Body::from("nav=next"))
                    .unwrap(),
            )
            .await
            .unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn a_fault_of_the_server_is_a_5xx_that_says_the_answers_are_kept() {
        use crate::i18n::{Key, Lang};
        let (status, page) = post_form(crate::error::AppError::Unavailable, "text/html").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        let it = Lang::from_code("it").unwrap();
        assert!(
            page.contains(&super::super::pages::escape(it.t(Key::problem_not_saved))),
            "{page}"
        );
        assert!(!page.contains(&super::super::pages::escape(it.t(Key::problem_bad_request))));
    }

    #[tokio::test]
    async fn a_refused_request_keeps_its_own_status_and_message() {
        use crate::error::AppError;
        use crate::i18n::{Key, Lang};
        let it = Lang::from_code("it").unwrap();
        for (error, status, key) in [
            (
                AppError::BadRequest,
                StatusCode::BAD_REQUEST,
                Key::problem_bad_request,
            ),
            (
                AppError::NotFound,
                StatusCode::NOT_FOUND,
                Key::problem_not_found,
            ),
            (
                AppError::Conflict,
                StatusCode::CONFLICT,
                Key::problem_conflict,
            ),
        ] {
            let (got, page) = post_form(error.clone(), "text/html").await;
            assert_eq!(got, status, "{error:?}");
            assert!(
                page.contains(&super::super::pages::escape(it.t(key))),
                "{error:?}: {page}"
            );
        }
    }

    #[tokio::test]
    async fn a_script_that_asked_for_json_gets_the_error_itself_with_its_status() {
        let (status, body) =
            post_form(crate::error::AppError::Unavailable, "application/json").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body, "\"Unavailable\"");
    }
}
