//! The router and the server loop.
use crate::web::{lang, security, AppState, BODY_LIMIT};
use axum::extract::{DefaultBodyLimit, Path};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};

/// A secret link (`/s/{token}`, `/staff/invite/{token}`): the token moves to a cookie and the
/// browser leaves the URL at once, so that the secret does not stay in the address bar or history.
fn secret_link(token: &str, cookie_name: &str, max_age: u32, location: &'static str) -> Response {
    let token: String = token
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(64)
        .collect();
    let cookie =
        format!("{cookie_name}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax");
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie),
            (header::LOCATION, location.to_owned()),
        ],
    )
        .into_response()
}

/// `GET /s/{token}`: the applicant's status link (kept a year).
async fn status_link(Path(token): Path<String>) -> Response {
    secret_link(
        &token,
        crate::web::applicant::STATUS_COOKIE,
        31_536_000,
        "/status",
    )
}

/// `GET /staff/invite/{token}`: an invitation to choose a password (valid a week).
async fn invitation_link(Path(token): Path<String>) -> Response {
    secret_link(
        &token,
        crate::staff::INVITE_COOKIE,
        604_800,
        "/staff/welcome",
    )
}

/// `GET /company/link/{token}`: a company contact's one-time sign-in link (valid 30 minutes).
async fn company_link(Path(token): Path<String>) -> Response {
    secret_link(
        &token,
        crate::company_board::portal::LINK_COOKIE,
        1800,
        "/company/signin",
    )
}

pub fn router(state: AppState) -> Router {
    crate::web::set_enabled_languages(state.config.enabled_languages());
    let routes = generate_route_list(super::App);
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    let site_root = state.leptos_options.site_root.to_string();
    Router::new()
        .route("/lang/{code}", get(lang::choose))
        .route("/s/{token}", get(status_link))
        .route("/staff/invite/{token}", get(invitation_link))
        .route(
            "/staff/dashboard.csv",
            get(crate::dashboard::server::csv_download),
        )
        .route("/company/link/{token}", get(company_link))
        .route(
            "/staff/document/{id}",
            get(crate::company_board::agreements::download),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let s = context_state.clone();
                move || {
                    provide_context(s.clone());
                    leptos::nonce::provide_nonce();
                }
            },
            move || super::shell(shell_options.clone()),
        )
        .route(
            "/api/{*fn_name}",
            axum::routing::post({
                let s = context_state.clone();
                move |req| {
                    leptos_axum::handle_server_fns_with_context(
                        move || provide_context(s.clone()),
                        req,
                    )
                }
            }),
        )
        .fallback_service(
            tower_http::services::ServeDir::new(site_root).append_index_html_on_directories(false),
        )
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        // Signed agreements and training projects (PDF) are the one thing larger than a form.
        .merge(
            Router::new()
                .route(
                    "/staff/company/{id}/agreement",
                    axum::routing::post(crate::company_board::agreements::upload),
                )
                .route(
                    "/staff/traineeship/{id}/project",
                    axum::routing::post(crate::traineeships::project::upload),
                )
                .layer(DefaultBodyLimit::max(
                    crate::company_board::agreements::UPLOAD_LIMIT,
                ))
                .layer(tower_http::limit::RequestBodyLimitLayer::new(
                    crate::company_board::agreements::UPLOAD_LIMIT,
                )),
        )
        // leptos_routes also mounts every server function at its own path: the guard sits in
        // front of all of them.
        .layer(axum::middleware::from_fn(crate::web::access::guard))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::web::access::identify,
        ))
        .layer(axum::middleware::from_fn(security::friendly_errors))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(security::csrf))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

/// Serves until `shutdown` resolves: the binary passes Ctrl-C, tests a channel.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
