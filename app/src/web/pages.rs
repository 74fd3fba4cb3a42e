//! The few pages written by hand rather than by Leptos: answers to requests that never reached the
//! application (refused posts, bodies too large).
use crate::i18n::{Key, Lang};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub fn problem_page(status: StatusCode, lang: Lang, message: Key) -> impl IntoResponse {
    let html = format!(
        "<!DOCTYPE html><html lang=\"{code}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/insieme.css\"></head>\
         <body><main id=\"main\" class=\"page\"><h1>{title}</h1><p>{message}</p><p>{safe}</p>\
         <p><a class=\"button\" href=\"/apply\">{back}</a></p></main></body></html>",
        code = lang.code(),
        dir = lang.dir(),
        title = escape(lang.t(Key::problem_title)),
        message = escape(lang.t(message)),
        safe = escape(lang.t(Key::problem_answers_safe)),
        back = escape(lang.t(Key::problem_back)),
    );
    (status, Html(html))
}
