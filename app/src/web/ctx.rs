//! The current request and response, as server functions see them.
use super::AppState;
use http::{header, HeaderMap};
use leptos::prelude::*;

pub fn request_headers() -> HeaderMap {
    use_context::<http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default()
}

pub fn set_cookie(value: String) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = http::HeaderValue::from_str(&value) {
            response.append_header(header::SET_COOKIE, v);
        }
    }
}

pub fn secure_attr(state: &AppState) -> &'static str {
    if state.config.development {
        ""
    } else {
        "; Secure"
    }
}

/// The address the request came from (for attempt limits; only its hash is stored).
pub async fn client_ip() -> String {
    leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default()
}
