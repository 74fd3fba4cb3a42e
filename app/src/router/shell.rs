//! The document around every page, and the application's routes: which page each address shows.
use crate::i18n::Key;
#[cfg(feature = "ssr")]
use crate::i18n::Lang;
use crate::ui::request_lang;
use crate::{
    audit, company_board, dashboard, dev_mail, group_sessions, intake, interviews, secretariat,
    staff, status, traineeships, training, ui, ventures,
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

#[cfg(test)]
mod tests {
    #[test]
    fn staff_pages_are_the_only_ones_with_the_full_client() {
        for path in [
            "/",
            "/apply",
            "/apply/step/identity",
            "/status",
            "/privacy",
            "/staffing",
            "/company",
            "/company/login",
            "/company/signin",
        ] {
            assert!(super::uses_light_client(path), "{path}");
        }
        for path in ["/staff", "/staff/queue", "/staff/case/3"] {
            assert!(!super::uses_light_client(path), "{path}");
        }
    }
}

/// The document around the application, rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    let path = use_context::<http::request::Parts>()
        .map(|parts| parts.uri.path().to_owned())
        .unwrap_or_default();
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    if let Some(nonce) = &nonce {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(value) = http::HeaderValue::from_str(&crate::web::security::page_csp(
                nonce,
                use_context::<crate::web::AppState>().is_some_and(|s| s.config.development),
            )) {
                response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
            }
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() dir=lang.dir()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="stylesheet" href="/pkg/insieme.css"/>
                <link rel="icon" href="data:,"/>
                <AutoReload options=options.clone()/>
                {if uses_light_client(&path) {
                    leptos::either::Either::Left(view! { <LightScripts nonce lang/> })
                } else {
                    leptos::either::Either::Right(view! { <HydrationScripts options/> })
                }}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Pages for applicants and company contacts (everyone but staff) are whole HTML from the server
/// and work without JavaScript. They load the small client of `frontend/applicant` (live checks,
/// forms sent without reloads) instead of the Leptos client the staff pages hydrate with, which is
/// ten times its size: applicants and company contacts are mostly on phones, often on slow
/// connections.
#[cfg(feature = "ssr")]
pub fn uses_light_client(path: &str) -> bool {
    let under = |root: &str| {
        path.strip_prefix(root)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    !under("/staff")
}

#[cfg(feature = "ssr")]
#[component]
fn LightScripts(nonce: Option<String>, lang: Lang) -> impl IntoView {
    view! {
        <script type="application/json" id="texts" nonce=nonce.clone() inner_html=lang.browser_texts_json()></script>
        // No preload: a phone without JavaScript (or saving data) downloads the HTML and CSS only;
        // the client is fetched by the module script, which only runs where scripts do.
        <script
            type="module"
            nonce=nonce
            data-applicant=""
            inner_html="import init from '/pkg/applicant.js';init({module_or_path:'/pkg/applicant_bg.wasm'});"
        ></script>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = request_lang();
    provide_context(lang);
    // Effects run only in the browser, once the page is live: tests and styles can tell.
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            // Only a marker for tests and styles: a page without it works the same.
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
    // Pages render whole on the server (SsrMode::Async): without JavaScript, nothing may wait for a
    // script to fill it in.
    view! {
        <Title text=lang.t(Key::app_name)/>
        <Router>
            <a class="skip" href="#main">{lang.t(Key::skip_to_content)}</a>
            <ui::Header/>
            <StaffNavWhenStaff/>
            <main id="main" class=move || if is_staff_page() { "page staff" } else { "page" }>
                <Routes fallback=|| view! { <ui::NotFound/> }>
                    <Route path=path!("/") view=intake::pages::Landing ssr=SsrMode::Async/>
                    <Route path=path!("/privacy") view=intake::pages::Privacy ssr=SsrMode::Async/>
                    <Route path=path!("/apply") view=intake::pages::DomicileStep ssr=SsrMode::Async/>
                    <Route path=path!("/apply/measure") view=intake::pages::MeasureStep ssr=SsrMode::Async/>
                    <Route path=path!("/apply/not-eligible/:reason") view=intake::pages::NotEligible ssr=SsrMode::Async/>
                    <Route path=path!("/apply/step/:slug") view=intake::pages::QuestionnaireStep ssr=SsrMode::Async/>
                    <Route path=path!("/apply/done") view=intake::pages::Confirmation ssr=SsrMode::Async/>
                    <Route path=path!("/apply/resume") view=intake::pages::Resume ssr=SsrMode::Async/>
                    <Route path=path!("/status") view=status::pages::StatusPage ssr=SsrMode::Async/>
                    <Route path=path!("/dev/mail") view=dev_mail::DevMail ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view=staff::pages::StaffHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/login") view=staff::pages::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/code") view=staff::pages::CodePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/totp") view=staff::pages::TotpPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/welcome") view=staff::pages::WelcomePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/accounts") view=staff::pages::AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/account") view=staff::pages::MyAccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/availability") view=interviews::pages::AvailabilityPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/audit") view=audit::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/dashboard") view=dashboard::pages::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/queue") view=secretariat::pages::QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/case/:id") view=secretariat::pages::CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/board") view=company_board::pages::BoardPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/companies") view=company_board::pages::CompaniesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/company/:id") view=company_board::pages::CompanyPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/position/:id") view=company_board::pages::PositionPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/follow-ups") view=company_board::pages::FollowUpsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/training") view=training::pages::CataloguePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/training/:id") view=training::pages::CoursePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/training/session/:id") view=training::pages::RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/training/:id/certificate/:applicant") view=training::pages::CertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/sessions") view=group_sessions::pages::GroupSessionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/sessions/:id") view=group_sessions::pages::GroupSessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/projects") view=ventures::pages::VenturesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/projects/:id") view=ventures::pages::VenturePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/tutor") view=traineeships::pages::TutorTodayPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/tutor/:id") view=traineeships::pages::TutorTraineeshipPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/traineeship/new/:id") view=traineeships::pages::NewTraineeshipPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/traineeship/:id") view=traineeships::pages::TraineeshipPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/traineeship/:id/project") view=traineeships::pages::ProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/company") view=company_board::portal::pages::PortalPage ssr=SsrMode::Async/>
                    <Route path=path!("/company/login") view=company_board::portal::pages::CompanyLoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/company/signin") view=company_board::portal::pages::CompanySignInPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <ui::Footer/>
        </Router>
    }
}

fn is_staff_page() -> bool {
    leptos_router::hooks::use_location()
        .pathname
        .get()
        .starts_with("/staff")
}

/// The staff navigation above staff pages only.
#[component]
fn StaffNavWhenStaff() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    move || {
        location
            .pathname
            .get()
            .starts_with("/staff")
            .then(|| view! { <staff::pages::StaffNav/> })
    }
}
