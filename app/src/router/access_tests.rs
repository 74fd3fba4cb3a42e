//! Walks every registered server function with every role and with no session, through the real
//! router, and checks the answer against the access table. A new server function without a rule
//! fails `every_server_function_has_a_rule`.
use super::router;
use crate::config::Config;
use crate::domain::ids::StaffId;
use crate::domain::staff::Role;
use crate::domain::territory::Territory;
use crate::storage::test_support;
use crate::web::access::{rule, Access, RULES, SESSION_COOKIE};
use crate::web::{tokens, AppState};
use axum::body::Body;
use http::{Request, StatusCode};
use leptos::prelude::LeptosOptions;
use std::sync::Arc;
use tower::ServiceExt;

fn registered() -> Vec<String> {
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_owned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

fn endpoint(path: &str) -> &str {
    path.strip_prefix("/api/").unwrap_or(path)
}

#[test]
fn every_server_function_has_a_rule_and_every_rule_a_function() {
    let paths = registered();
    assert!(
        paths.len() >= RULES.len(),
        "server functions are registered"
    );
    let missing: Vec<&String> = paths
        .iter()
        .filter(|p| rule(endpoint(p)).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "server functions without an access rule: {missing:?}"
    );
    let stale: Vec<&str> = RULES
        .iter()
        .map(|(e, _)| *e)
        .filter(|e| !paths.iter().any(|p| endpoint(p) == *e))
        .collect();
    assert!(stale.is_empty(), "rules for no server function: {stale:?}");
}

struct Who {
    label: String,
    cookie: Option<String>,
    roles: Vec<Role>,
    complete: bool,
}

impl Who {
    fn allowed(&self, access: Access) -> bool {
        match access {
            Access::Public => true,
            Access::SignedIn => self.cookie.is_some(),
            Access::Staff => self.complete,
            Access::Roles(roles) => self.complete && roles.iter().any(|r| self.roles.contains(r)),
        }
    }
}

pub(super) async fn app() -> (axum::Router, AppState, test_support::TestDb) {
    let db = test_support::sqlite().await;
    let options = LeptosOptions::builder().output_name("insieme").build();
    let state = AppState {
        leptos_options: options,
        store: db.store.clone(),
        config: Arc::new(Config::default()),
        territory: Arc::new(
            Territory::from_csv(include_str!("../../../data/bologna-comuni.csv")).unwrap(),
        ),
    };
    (router(state.clone()), state, db)
}

async fn session_for(state: &AppState, email: &str, roles: &[Role], complete: bool) -> String {
    let id = state
        .store
        .create_staff(email, email, roles, 0)
        .await
        .unwrap()
        .unwrap();
    session_of(state, id, complete).await
}

pub(super) async fn session_of(state: &AppState, id: StaffId, complete: bool) -> String {
    let token = tokens::status_token();
    state
        .store
        .create_session(
            &tokens::hash(&token),
            id,
            complete,
            "Firefox · Linux",
            chrono::Utc::now().timestamp(),
        )
        .await
        .unwrap();
    token
}

async fn post(app: &axum::Router, path: &str, cookie: Option<&str>) -> StatusCode {
    let mut req = Request::post(path)
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        req = req.header("cookie", format!("{SESSION_COOKIE}={c}"));
    }
    app.clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap()
        .status()
}

/// The demo's staff and company board, and the demo company's contact.
pub(super) async fn demo_company_contact(state: &AppState) -> StaffId {
    crate::demo::load_staff_if_empty(&state.store)
        .await
        .unwrap();
    crate::demo::load_board_if_empty(&state.store, Default::default())
        .await
        .unwrap();
    state
        .store
        .staff_by_email(crate::demo::DEMO_COMPANY_CONTACT)
        .await
        .unwrap()
        .expect("the demo company contact")
        .id
}

/// Nobody, one person per role, and an admin who typed the password but not yet the code.
async fn everyone(state: &AppState, tag: &str) -> Vec<Who> {
    let mut people = vec![Who {
        label: "nobody".into(),
        cookie: None,
        roles: vec![],
        complete: false,
    }];
    // The company person is a contact of a real company (the demo's), as every company account is.
    let company_contact = demo_company_contact(state).await;
    for role in Role::ALL {
        let cookie = if role == Role::Company {
            session_of(state, company_contact, true).await
        } else {
            let email = format!("{}-{tag}@t.it", role.code());
            session_for(state, &email, &[role], true).await
        };
        people.push(Who {
            label: role.code().into(),
            cookie: Some(cookie),
            roles: vec![role],
            complete: true,
        });
    }
    let pending = session_for(state, &format!("pending-{tag}@t.it"), &[Role::Admin], false).await;
    people.push(Who {
        label: "admin before the second factor".into(),
        cookie: Some(pending),
        roles: vec![Role::Admin],
        complete: false,
    });
    people
}

async fn walk(app: &axum::Router, path: &str, people: &[Who], wrong: &mut Vec<String>) {
    let access = rule(endpoint(path)).expect("checked by the other test");
    for who in people {
        let status = post(app, path, who.cookie.as_deref()).await;
        let refused = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
        if refused == who.allowed(access) {
            wrong.push(format!("{path} as {}: {status}", who.label));
        }
    }
}

/// Functions that end the sessions they are called with, or others' (an admin ending everyone's).
const LOG_OUTS: [&str; 5] = [
    "/api/staff_logout",
    "/api/staff_logout_everywhere",
    "/api/company_sign_out",
    "/api/end_my_other_sessions",
    "/api/end_all_sessions",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_answers_each_role_as_its_rule_says() {
    let (app, state, db) = app().await;
    let people = everyone(&state, "walk").await;
    let mut wrong = Vec::new();
    for path in registered() {
        // Log-outs end the sessions they are called with: each gets fresh ones below.
        if !LOG_OUTS.contains(&path.as_str()) {
            walk(&app, &path, &people, &mut wrong).await;
        }
    }
    for path in LOG_OUTS {
        let people = everyone(&state, endpoint(path)).await;
        walk(&app, path, &people, &mut wrong).await;
    }
    assert!(
        wrong.is_empty(),
        "answers against the table:\n{}",
        wrong.join("\n")
    );
    db.drop_db().await;
}

/// Plain routes (files in and out) are in the same table and walk: each with every role, its
/// `{id}` the demo's first record. Refused means 401/403, or the log-in page for nobody.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_plain_route_answers_each_role_as_its_rule_says() {
    use crate::web::access::{route_rule, ROUTE_RULES};
    let (app, state, db) = app().await;
    let people = everyone(&state, "routes").await;
    let mut wrong = Vec::new();
    for (method, pattern, access) in ROUTE_RULES {
        let path = pattern.replace("{id}", "1");
        assert_eq!(route_rule(method, &path), Some(*access), "{path}");
        for who in &people {
            let mut req = Request::builder()
                .method(*method)
                .uri(&path)
                .header("host", "127.0.0.1:3000")
                .header("origin", "http://127.0.0.1:3000");
            if let Some(c) = &who.cookie {
                req = req.header("cookie", format!("{SESSION_COOKIE}={c}"));
            }
            let response = app
                .clone()
                .oneshot(req.body(Body::empty()).unwrap())
                .await
                .unwrap();
            let status = response.status();
            let to_login = response
                .headers()
                .get(http::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .is_some_and(|l| l.starts_with("/staff/login"));
            let refused = status == StatusCode::UNAUTHORIZED
                || status == StatusCode::FORBIDDEN
                || (status == StatusCode::SEE_OTHER && to_login);
            if refused == who.allowed(*access) {
                wrong.push(format!("{method} {path} as {}: {status}", who.label));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "answers against the table:\n{}",
        wrong.join("\n")
    );
    db.drop_db().await;
}

#[test]
fn plain_route_patterns_match_one_segment_per_name() {
    use crate::web::access::route_rule;
    assert!(route_rule("GET", "/staff/document/7").is_some());
    assert!(route_rule("GET", "/staff/document/").is_none());
    assert!(route_rule("GET", "/staff/document/7/x").is_none());
    assert!(route_rule("POST", "/staff/document/7").is_none());
    assert!(route_rule("POST", "/staff/company/3/agreement").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deactivated_account_loses_its_session_at_once() {
    let (app, state, db) = app().await;
    let cookie = session_for(&state, "s@t.it", &[Role::Secretariat], true).await;
    let body = "params[page]=1";
    let call = |cookie: String| {
        let app = app.clone();
        async move {
            app.oneshot(
                Request::post("/api/load_queue")
                    .header("host", "x")
                    .header("origin", "http://x")
                    .header("accept", "application/json")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("cookie", format!("{SESSION_COOKIE}={cookie}"))
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await
            .unwrap()
            .status()
        }
    };
    assert_eq!(call(cookie.clone()).await, StatusCode::OK);
    let id = state
        .store
        .staff_by_email("s@t.it")
        .await
        .unwrap()
        .unwrap()
        .id;
    state.store.set_active(id, false).await.unwrap();
    assert_eq!(call(cookie).await, StatusCode::UNAUTHORIZED);
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_pages_rendered_without_a_session_show_no_applicant() {
    let (app, state, db) = app().await;
    crate::demo::load_if_empty(&state.store, Default::default())
        .await
        .unwrap();
    for path in ["/staff/queue", "/staff/case/1", "/staff/accounts"] {
        let response = app
            .clone()
            .oneshot(
                Request::get(path)
                    .header("host", "x")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(
            response
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store")
        );
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let html = String::from_utf8_lossy(&body);
        for name in ["Bianchi", "Benali", "Diallo", "BO-0000"] {
            assert!(
                !html.contains(name),
                "{path} shows {name} without a session"
            );
        }
    }
    db.drop_db().await;
}
