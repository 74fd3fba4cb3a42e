//! Who may call each server function: one table, enforced in two places that read it. The `/api`
//! guard refuses a call before it runs (and refuses any function missing from the table); inside a
//! server function, [`require`] applies the same rule when a page calls it while rendering on the
//! server, where no HTTP request to `/api` happens.
use crate::domain::staff::{Role, SessionPolicy};
use crate::error::AppError;
use crate::storage::{StaffAccount, StaffSession};
use crate::web::{lang::cookie, tokens, AppState};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const SESSION_COOKIE: &str = "insieme_staff";
/// A session's last use is written at most this often, not on every request.
const TOUCH_EVERY_SECS: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: applicants, visitors, staff before logging in.
    Public,
    /// A staff member whose password was right, before (or after) the second factor.
    SignedIn,
    /// A staff member fully logged in, whatever their roles.
    Staff,
    /// A staff member fully logged in holding one of these roles.
    Roles(&'static [Role]),
}

use Access::*;
use Role::*;

/// Every server function, by endpoint. A function missing here is refused to everyone, and the
/// access test fails until it is added.
pub const RULES: &[(&str, Access)] = &[
    // Intake: the applicant's own draft or status link is checked inside each function.
    ("load_domicile", Public),
    ("choose_domicile", Public),
    ("answer_measure", Public),
    ("referral", Public),
    ("load_step", Public),
    ("save_step", Public),
    ("load_confirmation", Public),
    ("resume_draft", Public),
    ("load_status", Public),
    ("update_contacts", Public),
    ("withdraw", Public),
    // Development only: the function itself refuses outside development.
    ("dev_mail", Public),
    // Staff accounts.
    ("staff_me", Public),
    ("staff_login", Public),
    ("staff_login_code", SignedIn),
    ("load_totp_setup", SignedIn),
    ("confirm_totp", SignedIn),
    ("staff_logout", SignedIn),
    ("staff_logout_everywhere", Staff),
    ("load_my_account", Staff),
    ("change_password", Staff),
    ("end_my_session", Staff),
    ("end_my_other_sessions", Staff),
    ("end_staff_sessions", Roles(&[Admin])),
    ("end_all_sessions", Roles(&[Admin])),
    ("load_invitation", Public),
    ("accept_invitation", Public),
    ("list_accounts", Roles(&[Admin])),
    ("invite_staff", Roles(&[Admin])),
    ("set_staff_roles", Roles(&[Admin])),
    ("set_staff_active", Roles(&[Admin])),
    ("reset_second_factor", Roles(&[Admin])),
    ("load_audit", Roles(&[Admin])),
    // The secretariat's contact queue.
    ("load_queue", Roles(&[Secretariat])),
    ("search_queue", Roles(&[Secretariat])),
    ("assign_case", Roles(&[Secretariat])),
    ("load_case", Roles(&[Secretariat, Professional])),
    ("log_contact", Roles(&[Secretariat])),
    ("close_case", Roles(&[Secretariat])),
    // Aggregate figures: no person appears in them.
    ("load_dashboard", Roles(&[Secretariat, Professional, Admin])),
    // Interviews and assessments.
    ("load_booking", Roles(&[Secretariat, Professional])),
    ("book_interview", Roles(&[Secretariat])),
    ("cancel_interview", Roles(&[Secretariat])),
    ("record_no_show", Roles(&[Professional])),
    ("save_assessment", Roles(&[Professional])),
    // Personal plans: the professionals on the case build them (the case is checked inside);
    // the secretariat reads them.
    ("load_plan", Roles(&[Secretariat, Professional])),
    ("save_plan", Roles(&[Professional])),
    ("suspend_path", Roles(&[Professional])),
    ("resume_path", Roles(&[Professional])),
    // The applicant's own plan: the status link is checked inside.
    ("load_my_plan", Public),
    ("agree_to_plan", Public),
    // The training catalogue: the secretariat keeps it; the secretariat and professionals take
    // registers; enrolment, leaving and certificates are checked against the case inside.
    ("load_courses", Roles(&[Secretariat, Professional])),
    ("create_course", Roles(&[Secretariat])),
    ("load_course", Roles(&[Secretariat, Professional])),
    ("load_register", Roles(&[Secretariat, Professional])),
    ("mark_attendance", Roles(&[Secretariat, Professional])),
    ("load_certificate", Roles(&[Secretariat, Professional])),
    ("load_case_courses", Roles(&[Secretariat, Professional])),
    ("enrol_in_course", Roles(&[Secretariat, Professional])),
    ("leave_course", Roles(&[Secretariat, Professional])),
    // The applicant's own courses: the status link is checked inside.
    ("load_my_courses", Public),
    // Group sessions: planned and run by the secretariat and the professionals; the queue is the
    // secretariat's; invitations from a case and taking someone off are checked against the case
    // inside. The applicant's own sessions: the status link is checked inside.
    ("load_group_sessions", Roles(&[Secretariat, Professional])),
    ("create_group_session", Roles(&[Secretariat, Professional])),
    ("load_group_session", Roles(&[Secretariat, Professional])),
    ("invite_from_queue", Roles(&[Secretariat])),
    (
        "invite_to_group_session",
        Roles(&[Secretariat, Professional]),
    ),
    (
        "remove_from_group_session",
        Roles(&[Secretariat, Professional]),
    ),
    ("mark_group_attendance", Roles(&[Secretariat, Professional])),
    ("cancel_group_session", Roles(&[Secretariat, Professional])),
    (
        "load_case_group_sessions",
        Roles(&[Secretariat, Professional]),
    ),
    ("load_my_group_sessions", Public),
    ("decline_group_session", Public),
    // Self-employment and social-innovation projects: the secretariat and the professionals; a
    // professional sees and moves only the projects of people they work with (checked inside).
    ("load_ventures", Roles(&[Secretariat, Professional])),
    ("load_venture", Roles(&[Secretariat, Professional])),
    ("create_venture", Roles(&[Secretariat, Professional])),
    ("advance_venture", Roles(&[Secretariat, Professional])),
    ("add_venture_member", Roles(&[Secretariat, Professional])),
    ("remove_venture_member", Roles(&[Secretariat, Professional])),
    ("load_case_ventures", Roles(&[Secretariat, Professional])),
    ("load_availability", Roles(&[Professional])),
    ("add_weekly_slot", Roles(&[Professional])),
    ("remove_weekly_slot", Roles(&[Professional])),
    ("set_away", Roles(&[Professional])),
    // The applicant's own interview: the status link is checked inside each function.
    ("load_my_interview", Public),
    ("move_my_interview", Public),
    ("cancel_my_interview", Public),
    // The company board, staff side.
    ("load_board", Roles(&[Secretariat])),
    ("load_companies", Roles(&[Secretariat])),
    ("create_company", Roles(&[Secretariat])),
    ("load_company", Roles(&[Secretariat])),
    ("update_company", Roles(&[Secretariat])),
    ("add_company_site", Roles(&[Secretariat])),
    ("add_company_contact", Roles(&[Secretariat])),
    ("send_company_link", Roles(&[Secretariat])),
    ("log_company_contact", Roles(&[Secretariat])),
    ("change_agreement", Roles(&[Secretariat])),
    ("create_position", Roles(&[Secretariat])),
    ("close_position", Roles(&[Secretariat])),
    ("load_position", Roles(&[Secretariat])),
    ("propose_candidate", Roles(&[Secretariat])),
    // By the secretariat, or by a contact of the company a proposal was sent to (checked inside).
    ("move_candidate", Roles(&[Secretariat, Company])),
    ("record_hire", Roles(&[Secretariat, Company])),
    ("load_case_board", Roles(&[Secretariat, Professional])),
    ("load_follow_ups", Roles(&[Professional])),
    ("complete_follow_up", Roles(&[Professional])),
    // The applicant's own choice of what companies see: the status link is checked inside.
    ("choose_sharing", Public),
    // The company portal: the link in the cookie is checked inside; everything else is for
    // company contacts, each function confined to the caller's own company.
    ("request_company_link", Public),
    ("company_sign_in", Public),
    ("company_sign_out", SignedIn),
    ("load_portal", Roles(&[Company])),
    ("update_my_company", Roles(&[Company])),
    ("update_my_details", Roles(&[Company])),
    ("post_position", Roles(&[Company])),
    ("close_my_position", Roles(&[Company])),
    // Traineeships: prepared and ended by the secretariat, seen by the professionals of the case
    // (checked inside); followed by their own tutor only (checked inside: the programme's tutor,
    // or the company's contact named as its tutor).
    ("load_new_traineeship", Roles(&[Secretariat])),
    ("create_traineeship", Roles(&[Secretariat])),
    ("end_traineeship", Roles(&[Secretariat])),
    ("load_traineeship", Roles(&[Secretariat, Professional])),
    (
        "load_case_traineeships",
        Roles(&[Secretariat, Professional]),
    ),
    ("load_tutor_today", Roles(&[Tutor])),
    ("load_tutor_traineeship", Roles(&[Tutor])),
    ("tutor_submit", Roles(&[Tutor, Company])),
    // The company's tutor, on the portal: their own trainees only (checked inside).
    ("load_company_trainees", Roles(&[Company])),
    ("record_evaluation", Roles(&[Company])),
    // A concern goes to the professional who owns the case (checked inside).
    ("load_concerns", Roles(&[Professional])),
    ("concern_seen", Roles(&[Professional])),
];

/// Signed agreements and training projects (upload and download).
pub const AGREEMENT_FILES: Access = Roles(&[Secretariat, Admin]);
/// The dashboard's figures as a file.
pub const DASHBOARD_FILE: Access = Roles(&[Secretariat, Professional, Admin]);

/// Plain routes that serve or take personal data outside server functions, by method and path as
/// the router mounts them (`{name}` is one path segment). The guard applies them before the
/// handler runs, as it applies `RULES` to server functions; the walk test calls each one with
/// every role.
pub const ROUTE_RULES: &[(&str, &str, Access)] = &[
    ("GET", "/staff/dashboard.csv", DASHBOARD_FILE),
    ("GET", "/staff/document/{id}", AGREEMENT_FILES),
    ("POST", "/staff/company/{id}/agreement", AGREEMENT_FILES),
    ("POST", "/staff/traineeship/{id}/project", AGREEMENT_FILES),
];

pub fn rule(endpoint: &str) -> Option<Access> {
    RULES.iter().find(|(e, _)| *e == endpoint).map(|(_, a)| *a)
}

/// The rule of the plain route a request is for, if it is one of `ROUTE_RULES`.
pub fn route_rule(method: &str, path: &str) -> Option<Access> {
    let matches = |pattern: &str| {
        let (mut p, mut q) = (pattern.split('/'), path.split('/'));
        loop {
            match (p.next(), q.next()) {
                (None, None) => return true,
                (Some(want), Some(got)) if want.starts_with('{') => {
                    if got.is_empty() {
                        return false;
                    }
                }
                (Some(want), Some(got)) if want == got => {}
                _ => return false,
            }
        }
    };
    ROUTE_RULES
        .iter()
        .find(|(m, pattern, _)| *m == method && matches(pattern))
        .map(|(.., a)| *a)
}

/// The server function a path calls, if it is one: every registered server-function path,
/// whatever its prefix, and anything under `/api/` (refused below when it has no rule).
fn server_function(path: &str) -> Option<&str> {
    static PATHS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    let paths = PATHS.get_or_init(|| {
        leptos::server_fn::axum::server_fn_paths()
            .map(|(p, _)| p.to_owned())
            .collect()
    });
    if paths.contains(path) || path.starts_with("/api/") {
        path.rsplit('/').next()
    } else {
        None
    }
}

/// Who is calling, worked out once per request from the session cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    /// Password right, second factor (or its enrolment) still to do.
    Pending {
        session: String,
        staff: StaffAccount,
    },
    Staff {
        session: String,
        staff: StaffAccount,
    },
}

impl Caller {
    pub fn may(&self, access: Access) -> bool {
        match (access, self) {
            (Public, _) => true,
            (SignedIn, Caller::Pending { .. } | Caller::Staff { .. }) => true,
            (Staff, Caller::Staff { .. }) => true,
            (Roles(roles), Caller::Staff { staff, .. }) => {
                roles.iter().any(|r| staff.roles.contains(r))
            }
            _ => false,
        }
    }

    pub fn staff(&self) -> Option<&StaffAccount> {
        match self {
            Caller::Anonymous => None,
            Caller::Pending { staff, .. } | Caller::Staff { staff, .. } => Some(staff),
        }
    }

    pub fn session_hash(&self) -> Option<&str> {
        match self {
            Caller::Anonymous => None,
            Caller::Pending { session, .. } | Caller::Staff { session, .. } => Some(session),
        }
    }
}

/// The caller of `headers`' session cookie. Expired sessions are deleted; the last use is recorded.
pub async fn resolve(state: &AppState, headers: &HeaderMap, now: i64) -> Caller {
    let Some(id) = cookie(headers, SESSION_COOKIE).filter(|v| !v.is_empty()) else {
        return Caller::Anonymous;
    };
    let hash = tokens::hash(id);
    let session: Option<StaffSession> = match state.store.session(&hash).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            None
        }
    };
    let Some(session) = session else {
        return Caller::Anonymous;
    };
    if !SessionPolicy::default().is_alive(session.created_at, session.last_seen_at, now) {
        if let Err(e) = state.store.delete_session(&hash).await {
            // The caller is anonymous all the same; the nightly clean-up removes the row.
            tracing::warn!("an expired session could not be deleted: {e}");
        }
        return Caller::Anonymous;
    }
    if now - session.last_seen_at >= TOUCH_EVERY_SECS {
        if let Err(e) = state.store.touch_session(&hash, now).await {
            // The request goes on; the session only risks ending a few minutes early.
            tracing::warn!("a session's last use could not be recorded: {e}");
        }
    }
    let needs_second_factor = session.staff.totp_secret.is_some()
        || session
            .staff
            .roles
            .iter()
            .any(|r| r.requires_second_factor());
    if session.complete || !needs_second_factor {
        Caller::Staff {
            session: hash,
            staff: session.staff,
        }
    } else {
        Caller::Pending {
            session: hash,
            staff: session.staff,
        }
    }
}

/// Middleware: resolves the caller of every page and every call, for [`caller`] to read.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.starts_with("/pkg/") {
        return next.run(request).await;
    }
    let caller = resolve(&state, request.headers(), chrono::Utc::now().timestamp()).await;
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// Middleware: for every call to `/api/*`, the table decides before the function runs.
pub async fn guard(request: Request, next: Next) -> Response {
    let caller = request
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or(Caller::Anonymous);
    let path = request.uri().path();
    if let Some(endpoint) = server_function(path).map(str::to_owned) {
        return match rule(&endpoint) {
            Some(access) if caller.may(access) => next.run(request).await,
            Some(_) => refuse(&request, caller == Caller::Anonymous),
            None => {
                tracing::warn!(endpoint, "server function without an access rule refused");
                refuse(&request, caller == Caller::Anonymous)
            }
        };
    }
    match route_rule(request.method().as_str(), path) {
        Some(access) if !caller.may(access) => {
            if caller == Caller::Anonymous {
                // A download link followed after the session ended: to the log-in page.
                (
                    StatusCode::SEE_OTHER,
                    [(header::LOCATION, "/staff/login?e=expired")],
                )
                    .into_response()
            } else {
                refuse(&request, false)
            }
        }
        _ => next.run(request).await,
    }
}

fn refuse(request: &Request, signed_out: bool) -> Response {
    let wants_html = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if wants_html && signed_out {
        // A plain form posted after the session ended: back to the log-in page.
        return (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, "/staff/login?e=expired")],
        )
            .into_response();
    }
    let status = if signed_out {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::FORBIDDEN
    };
    let body = serde_json::to_string(&if signed_out {
        AppError::SignedOut
    } else {
        AppError::Forbidden
    })
    .unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// For handlers outside server functions (downloads): the caller of the request if `access` allows.
pub fn allowed(request_extensions: &http::Extensions, access: Access) -> bool {
    request_extensions
        .get::<Caller>()
        .is_some_and(|c| c.may(access))
}

/// The caller of the current request (server functions and pages rendering on the server).
pub fn caller() -> Caller {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<Caller>().cloned())
        .unwrap_or(Caller::Anonymous)
}

/// The rule of server function `F`, applied to the current caller: the staff member if allowed.
pub fn require<F: leptos::server_fn::ServerFn>() -> Result<StaffAccount, AppError> {
    let endpoint = F::PATH.strip_prefix("/api/").unwrap_or(F::PATH);
    let caller = caller();
    match rule(endpoint) {
        Some(access) if caller.may(access) => caller.staff().cloned().ok_or(AppError::SignedOut),
        _ if caller == Caller::Anonymous => Err(AppError::SignedOut),
        _ => Err(AppError::Forbidden),
    }
}

/// Object-level access to a case: the secretariat works on every case, a professional on those
/// assigned to them or with an interview with them. Any other case is "not found", with no data.
pub async fn require_case(
    state: &AppState,
    me: &StaffAccount,
    applicant_id: crate::domain::ids::ApplicantId,
) -> Result<(), AppError> {
    if me.has(Role::Secretariat) || state.store.works_on_case(me.id, applicant_id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Acts on an interview (no-show, assessment, start of the path) only by its own professional.
pub async fn require_own_interview(
    state: &AppState,
    me: &StaffAccount,
    applicant_id: crate::domain::ids::ApplicantId,
) -> Result<(), AppError> {
    if state.store.interviewer_of(applicant_id).await? == Some(me.id) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
