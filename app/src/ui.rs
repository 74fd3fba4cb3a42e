//! Pieces every page shares: header with the language picker, footer, problem messages, dates.
use crate::i18n::{Key, Lang, LANGUAGES};
use crate::use_lang;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

const MONTHS: [Key; 12] = [
    Key::month_1,
    Key::month_2,
    Key::month_3,
    Key::month_4,
    Key::month_5,
    Key::month_6,
    Key::month_7,
    Key::month_8,
    Key::month_9,
    Key::month_10,
    Key::month_11,
    Key::month_12,
];

/// "7 febbraio 2026", in the language's own words.
pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    let day = date.day().to_string();
    let year = date.year().to_string();
    lang.tf(
        Key::date_format,
        &[
            ("day", &day),
            ("month", lang.t(MONTHS[date.month0() as usize])),
            ("year", &year),
        ],
    )
}

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    view! {
        <header class="site-header">
            <a class="brand" href="/">{lang.t(Key::app_name)}</a>
            <nav class="languages" aria-label=lang.t(Key::language_picker)>
                <ul>
                    {LANGUAGES
                        .iter()
                        .filter_map(|m| Lang::from_code(m.code))
                        .map(|l| {
                            let href = move || {
                                format!("/lang/{}?next={}", l.code(), location.pathname.get())
                            };
                            view! {
                                <li>
                                    <a
                                        href=href
                                        rel="external"
                                        lang=l.code()
                                        hreflang=l.code()
                                        aria-current=(l == lang).then_some("true")
                                    >
                                        {l.meta().name}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <p>{lang.t(Key::footer_partners)}</p>
            <p>
                <a href="/privacy">{lang.t(Key::privacy_link)}</a>
                " · "
                <a href="/apply/resume">{lang.t(Key::resume_link)}</a>
            </p>
        </footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <h1>{lang.t(Key::not_found_title)}</h1>
        <p>{lang.t(Key::problem_not_found)}</p>
        <p>
            <a class="button" href="/">{lang.t(Key::go_home)}</a>
        </p>
    }
}

/// A failed request, in words: never the internals.
#[component]
pub fn Problem(error: crate::error::AppError) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="notice error" role="alert">
            <p>{lang.t(error.key())}</p>
        </div>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! { <p class="loading" aria-live="polite">{lang.t(Key::loading)}</p> }
}
