//! The interface language: a remembered choice (cookie), else the browser's Accept-Language.
use crate::i18n::Lang;
use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub const COOKIE: &str = "insieme_lang";

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn from_headers(headers: &HeaderMap) -> Lang {
    let enabled = super::enabled_languages();
    cookie(headers, COOKIE)
        .and_then(Lang::from_code)
        .filter(|l| enabled.contains(l))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| Lang::negotiate(v, &enabled))
        })
        .unwrap_or(enabled.first().copied().unwrap_or_default())
}

#[derive(serde::Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only a path of this site: never `//elsewhere` or `https://…`.
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| {
        // Browsers drop tabs and new lines inside a URL, so `/\t/evil.example` would leave the site.
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.contains('\\')
            && !n.chars().any(char::is_control)
            && n.len() < 200
    })
    .unwrap_or_else(|| "/".into())
}

/// `GET /lang/{code}?next=/path`: remembers the choice for a year and goes back.
pub async fn choose(Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let Some(lang) = Lang::from_code(&code).filter(|l| super::enabled_languages().contains(l))
    else {
        return super::security::empty(StatusCode::NOT_FOUND);
    };
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie),
            (header::LOCATION, safe_next(q.next)),
        ],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_switch_only_returns_to_paths_of_this_site() {
        assert_eq!(
            safe_next(Some("/apply/step/identity".into())),
            "/apply/step/identity"
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "\\\\evil",
            "apply",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r//evil.example",
        ] {
            assert_eq!(safe_next(Some(bad.into())), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
