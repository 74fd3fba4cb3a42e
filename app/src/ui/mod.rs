//! Pieces every page shares, in the server and in the browser: header with the language picker,
//! footer, problem messages, dates, the interface language, forms and labels.
pub mod forms;
pub mod labels;

use crate::i18n::{Key, Lang, LANGUAGES};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

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

/// The language of this request: on the server from its headers, in the browser from the page.
pub fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| crate::web::lang::from_headers(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
}

/// The interface language, provided once at the top of the application.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// A count in words with the number stressed ("<b>12</b> aziende coinvolte"), in the plural form
/// of the interface language.
#[component]
pub fn Count(key: Key, n: i64) -> impl IntoView {
    let lang = use_lang();
    let form = lang.plural_form(key, n);
    let (before, after) = form.split_once("{n}").unwrap_or((form, ""));
    view! { {before} <span class="n">{lang.integer(n)}</span> {after} }
}
