//! The server half of staff accounts.
use super::*;
use crate::domain::ids::StaffId;
use crate::domain::staff::{
    check_password_length, normalize_email, LockoutPolicy, PasswordProblem,
};
use crate::storage::{Channel, NewMessage, StaffAccount};
use crate::web::access::{caller, require, Caller};
use crate::web::ctx::{request_headers, set_cookie};
use crate::web::limits::{allow, Limited};
use crate::web::session::{self, clear_session_cookie, new_session_id, set_session_cookie};
use crate::web::time::{date_time_text, now};
use crate::web::{lang::cookie, state, tokens, AppState};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use totp_rs::{Algorithm, Secret, TOTP};

const INVITATION_DAYS: i64 = 7;
const ISSUER: &str = "Insieme";

/// True for a password found in the lists of the most used passwords, or built from them and from
/// the person's own name and email in ways guessers try first (zxcvbn's estimate below 3 of 4).
/// On the server only: the dictionaries are too large for the domain crate that browsers load.
/// Words of this programme and place that guessers of its staff's passwords try first (ASVS 6.2.11).
pub const CONTEXT_WORDS: &[&str] = &[
    "insieme",
    "lavoro",
    "insiemeperillavoro",
    "bologna",
    "emilia",
    "romagna",
    "segreteria",
    "professionista",
    "tutor",
    "azienda",
    "comune",
    "arcidiocesi",
    "petronio",
    "fse",
];

pub fn password_is_common(password: &str, user_inputs: &[&str]) -> bool {
    zxcvbn::zxcvbn(password, user_inputs).score() < zxcvbn::Score::Three
        || mostly_these_words(password, user_inputs)
}

/// True when, once these words (and digits and symbols) are taken out, fewer than six letters are
/// left: "Bologna-Insieme-2026!" is long, but a guesser of this programme's passwords tries it.
fn mostly_these_words(password: &str, words: &[&str]) -> bool {
    let mut rest = password.to_lowercase();
    let mut found = false;
    for word in words {
        let word = word.trim().to_lowercase();
        if word.chars().count() >= 3 && rest.contains(&word) {
            rest = rest.replace(&word, "");
            found = true;
        }
    }
    found && rest.chars().filter(|c| c.is_alphabetic()).count() < 6
}

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| AppError::Unavailable)
}

/// Checks `password` against `hash` off the async threads (argon2id takes tens of milliseconds on
/// purpose). With no hash, the same work is done against a dummy, so that the answer takes as long
/// for an unknown email as for a wrong password.
async fn verify_password(password: String, hash: Option<String>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| {
        DUMMY
            .get_or_init(|| hash_password("a dummy password nobody has").unwrap_or_default())
            .clone()
    });
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
        && known
}

pub fn new_totp_secret() -> String {
    match Secret::generate_secret().to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => unreachable!("to_encoded gives an encoded secret"),
    }
}

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some(ISSUER.to_owned()),
        account.to_owned(),
    )
    .ok()
}

/// The current code of `secret` (demo accounts and tests).
pub fn totp_code(secret: &str) -> String {
    totp(secret, "x")
        .and_then(|t| t.generate_current().ok())
        .unwrap_or_default()
}

/// The time step (30 seconds) whose code `code` is, one step either side of `now` allowed for a
/// slow hand or clock; the caller spends the step so that a code is good once.
fn code_step(secret: &str, code: &str, now: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| c.is_ascii_digit()).collect();
    if code.len() != 6 {
        return None;
    }
    let t = totp(secret, "x")?;
    let step = now.div_euclid(30);
    (step - 1..=step + 1).find(|s| u64::try_from(s * 30).is_ok_and(|at| t.check(&code, at)))
}

fn me_of(staff: &StaffAccount, complete: bool) -> Me {
    Me {
        id: staff.id,
        name: staff.name.clone(),
        roles: staff.roles.clone(),
        complete,
        has_totp: staff.totp_secret.is_some(),
    }
}

const EMAIL_FLASH: &str = "insieme_login_email";

pub async fn staff_me() -> Result<LoginView, AppError> {
    let me = match caller() {
        Caller::Anonymous => None,
        Caller::Pending { staff, .. } => Some(me_of(&staff, false)),
        Caller::Staff { staff, .. } => Some(me_of(&staff, true)),
    };
    let email = cookie(&request_headers(), EMAIL_FLASH)
        .and_then(normalize_email)
        .unwrap_or_default();
    Ok(LoginView { me, email })
}

/// Five wrong passwords from one client hold that client off that account for 15 minutes. The
/// account itself is never locked by passwords (anyone could lock anyone out), and the answer is
/// the same for an unknown address, a wrong password and a client held off.
fn failures_bucket(email: &str, client: &str) -> String {
    format!(
        "staff-login-failed:{}:{}",
        tokens::hash(email),
        tokens::hash(client)
    )
}

pub async fn login(email: String, password: String) -> Result<(), AppError> {
    let state = state()?;
    let t = now();
    if !allow(&state, Limited::StaffLogin).await? {
        leptos_axum::redirect("/staff/login?e=too_many");
        return Ok(());
    }
    let email = normalize_email(&email).unwrap_or_default();
    // Kept five minutes so a refused attempt does not make the person type it again.
    set_cookie(format!(
        "{EMAIL_FLASH}={email}; Path=/staff; Max-Age=300; HttpOnly; SameSite=Strict",
    ));
    let account = if email.is_empty() {
        None
    } else {
        state.store.staff_by_email(&email).await?
    };
    let policy = LockoutPolicy::default();
    let bucket = failures_bucket(&email, &crate::web::ctx::client_ip().await);
    let held_off = state
        .store
        .attempts_exhausted(&bucket, policy.max_failures, policy.lock_secs, t)
        .await?;
    let usable = account.as_ref().filter(|a| a.active && !held_off);
    // The hash is checked even when there is no account, so that timing does not tell either.
    let right = verify_password(password, usable.and_then(|a| a.password_hash.clone())).await;
    let Some(account) = usable.filter(|_| right) else {
        state
            .store
            .allow_attempt(&bucket, policy.max_failures, policy.lock_secs, t)
            .await?;
        let action = if held_off {
            "staff_login_held_off"
        } else {
            "staff_login_failed"
        };
        state
            .store
            .audit(account.as_ref().map(|a| a.id), action, None, "", t)
            .await?;
        leptos_axum::redirect("/staff/login?e=invalid");
        return Ok(());
    };
    // Whatever session this browser had ends here; the new one gets a new id.
    if let Some(old) = caller().session_hash() {
        state.store.delete_session(old).await?;
    }
    let needs_code = account.totp_secret.is_some();
    let must_enrol = !needs_code && account.roles.iter().any(|r| r.requires_second_factor());
    let (id, hash) = new_session_id();
    state
        .store
        .create_session(
            &hash,
            account.id,
            !needs_code && !must_enrol,
            &session::device(),
            t,
        )
        .await?;
    set_session_cookie(&id);
    set_cookie(format!(
        "{EMAIL_FLASH}=; Path=/staff; Max-Age=0; HttpOnly; SameSite=Strict"
    ));
    state
        .store
        .audit(Some(account.id), "staff_logged_in", None, "", t)
        .await?;
    leptos_axum::redirect(if needs_code {
        "/staff/code"
    } else if must_enrol {
        "/staff/totp"
    } else {
        "/staff"
    });
    Ok(())
}

/// The session becomes complete under a new id (the second factor is a privilege change).
async fn complete(state: &AppState, old_hash: &str) -> Result<(), AppError> {
    let (id, hash) = new_session_id();
    state.store.complete_session(old_hash, &hash, now()).await?;
    set_session_cookie(&id);
    Ok(())
}

pub async fn login_code(code: String) -> Result<(), AppError> {
    let state = state()?;
    let staff = require::<StaffLoginCode>()?;
    let c = caller();
    let session = c.session_hash().unwrap_or_default().to_owned();
    let t = now();
    let policy = LockoutPolicy::default();
    if policy.is_locked(staff.locked_until, t) {
        state.store.delete_session(&session).await?;
        clear_session_cookie();
        leptos_axum::redirect("/staff/login?e=locked");
        return Ok(());
    }
    let Some(secret) = staff.totp_secret.as_deref() else {
        leptos_axum::redirect("/staff/totp");
        return Ok(());
    };
    // A code is good once: one already used (seen, logged, replayed) counts as wrong.
    let spent = match code_step(secret, &code, t) {
        Some(step) => state.store.spend_second_factor_step(staff.id, step).await?,
        None => false,
    };
    if !spent {
        // Whoever gets here knows the password: locking the account protects its owner.
        let locked = std::sync::atomic::AtomicBool::new(false);
        state
            .store
            .record_login_failure(staff.id, |n| {
                let until = policy.lock_after(n, t);
                locked.store(until.is_some(), std::sync::atomic::Ordering::Relaxed);
                until
            })
            .await?;
        let action = if locked.load(std::sync::atomic::Ordering::Relaxed) {
            "staff_locked"
        } else {
            "second_factor_failed"
        };
        state
            .store
            .audit(Some(staff.id), action, None, "", t)
            .await?;
        leptos_axum::redirect("/staff/code?e=code");
        return Ok(());
    }
    state.store.record_login_success(staff.id).await?;
    complete(&state, &session).await?;
    leptos_axum::redirect("/staff");
    Ok(())
}

fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

pub async fn load_totp_setup() -> Result<TotpSetup, AppError> {
    let state = state()?;
    let staff = require::<LoadTotpSetup>()?;
    // Enrolment is for an account without a second factor only: with one, a password alone
    // would otherwise replace it and complete the log-in. Changing it takes an admin's reset.
    if staff.totp_secret.is_some() {
        return Err(AppError::Forbidden);
    }
    let secret = match state.store.totp_pending(staff.id).await? {
        Some(s) => s,
        None => {
            let s = new_totp_secret();
            if !state.store.begin_second_factor(staff.id, &s).await? {
                return Err(AppError::Forbidden);
            }
            s
        }
    };
    let url = totp(&secret, &staff.email)
        .map(|t| t.get_url())
        .ok_or(AppError::Unavailable)?;
    let qr_svg = qrcode::QrCode::new(url.as_bytes())
        .map(|q| {
            q.render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build()
        })
        .map_err(|_| AppError::Unavailable)?;
    Ok(TotpSetup {
        secret: grouped(&secret),
        qr_svg,
    })
}

pub async fn confirm_totp(code: String) -> Result<(), AppError> {
    let state = state()?;
    let staff = require::<ConfirmTotp>()?;
    if staff.totp_secret.is_some() {
        return Err(AppError::Forbidden);
    }
    let Some(secret) = state.store.totp_pending(staff.id).await? else {
        leptos_axum::redirect("/staff/totp");
        return Ok(());
    };
    let t = now();
    let Some(step) = code_step(&secret, &code, t) else {
        leptos_axum::redirect("/staff/totp?e=code");
        return Ok(());
    };
    if !state.store.finish_second_factor(staff.id, step, t).await? {
        return Err(AppError::Forbidden);
    }
    if let Some(session) = caller().session_hash() {
        complete(&state, session).await?;
    }
    leptos_axum::redirect("/staff?ok=totp");
    Ok(())
}

pub async fn logout(everywhere: bool) -> Result<(), AppError> {
    let state = state()?;
    let (staff, action) = if everywhere {
        let staff = require::<StaffLogoutEverywhere>()?;
        session::end(&state, Some(staff.id)).await?;
        (Some(staff.id), "staff_logged_out_everywhere")
    } else {
        require::<StaffLogout>()?;
        let staff = caller().staff().map(|s| s.id);
        session::end(&state, None).await?;
        (staff, "staff_logged_out")
    };
    if staff.is_some() {
        state.store.audit(staff, action, None, "", now()).await?;
    }
    leptos_axum::redirect("/staff/login?ok=out");
    Ok(())
}

async fn invitation_account(state: &AppState) -> Result<Option<(String, StaffAccount)>, AppError> {
    let Some(token) = cookie(&request_headers(), INVITE_COOKIE).map(str::to_owned) else {
        return Ok(None);
    };
    let hash = tokens::hash(&token);
    Ok(state
        .store
        .invitation(&hash, now())
        .await?
        .map(|a| (hash, a)))
}

pub async fn load_invitation() -> Result<Option<InvitationView>, AppError> {
    let state = state()?;
    Ok(invitation_account(&state)
        .await?
        .map(|(_, a)| InvitationView {
            name: a.name,
            email: a.email,
        }))
}

fn password_problem(
    password: &str,
    confirm: &str,
    account: &StaffAccount,
) -> Option<PasswordProblem> {
    if let Err(p) = check_password_length(password) {
        return Some(p);
    }
    let mut context: Vec<&str> = CONTEXT_WORDS.to_vec();
    context.extend([account.email.as_str(), account.name.as_str()]);
    if password_is_common(password, &context) {
        return Some(PasswordProblem::TooCommon);
    }
    (password != confirm).then_some(PasswordProblem::Mismatch)
}

/// The `e=` code a page shows a password problem by.
fn problem_code(problem: PasswordProblem) -> &'static str {
    match problem {
        PasswordProblem::TooShort => "too_short",
        PasswordProblem::TooLong => "too_long",
        PasswordProblem::TooCommon => "common",
        PasswordProblem::Mismatch => "mismatch",
    }
}

pub async fn accept_invitation(password: String, confirm: String) -> Result<(), AppError> {
    let state = state()?;
    let Some((hash, account)) = invitation_account(&state).await? else {
        leptos_axum::redirect("/staff/welcome?e=expired");
        return Ok(());
    };
    if let Some(problem) = password_problem(&password, &confirm, &account) {
        leptos_axum::redirect(&format!("/staff/welcome?e={}", problem_code(problem)));
        return Ok(());
    }
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| AppError::Unavailable)??;
    if !state
        .store
        .accept_invitation(&hash, &password_hash, now())
        .await?
    {
        leptos_axum::redirect("/staff/welcome?e=expired");
        return Ok(());
    }
    set_cookie(format!(
        "{INVITE_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
    ));
    leptos_axum::redirect("/staff/login?ok=password");
    Ok(())
}

pub async fn list_accounts() -> Result<Vec<AccountView>, AppError> {
    let state = state()?;
    require::<ListAccounts>()?;
    let sessions: std::collections::HashMap<StaffId, i64> =
        state.store.session_counts().await?.into_iter().collect();
    Ok(state
        .store
        .list_staff()
        .await?
        .into_iter()
        // Company contacts are managed with their company, not here.
        .filter(|a| !a.has(Role::Company))
        .map(|a| AccountView {
            id: a.id,
            name: a.name,
            email: a.email,
            roles: a.roles,
            active: a.active,
            has_password: a.password_hash.is_some(),
            has_totp: a.totp_secret.is_some(),
            sessions: sessions.get(&a.id).copied().unwrap_or(0),
        })
        .collect())
}

/// A new invitation for `staff_id`: the link where the password is chosen, valid for 7 days.
pub async fn create_invitation_link(
    store: &crate::storage::Store,
    config: &crate::config::Config,
    staff_id: StaffId,
) -> Result<String, crate::storage::StoreError> {
    let token = tokens::status_token();
    store
        .create_invitation(
            &tokens::hash(&token),
            staff_id,
            now() + INVITATION_DAYS * 86400,
        )
        .await?;
    Ok(format!(
        "{}/staff/invite/{token}",
        config.public_base_url.trim_end_matches('/')
    ))
}

/// Creates the invitation of `staff_id` and queues the email with its link.
async fn send_invitation(
    state: &AppState,
    email: &str,
    name: &str,
    staff_id: StaffId,
) -> Result<(), AppError> {
    let link = create_invitation_link(&state.store, &state.config, staff_id).await?;
    let lang = crate::i18n::Lang::default();
    let body = lang.tf(
        crate::i18n::Key::invite_email_body,
        &[
            ("name", name),
            ("link", &link),
            ("days", &INVITATION_DAYS.to_string()),
        ],
    );
    let message = NewMessage {
        calendar: None,
        channel: Channel::Email,
        recipient: email.to_owned(),
        subject: lang.t(crate::i18n::Key::invite_email_subject).to_owned(),
        body,
    };
    state.store.enqueue_message(&message, now()).await?;
    Ok(())
}

pub async fn invite_staff(
    email: String,
    name: String,
    roles: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let admin = require::<InviteStaff>()?;
    let roles = roles_from_form(&roles);
    let name = name.trim().to_owned();
    let Some(email) = normalize_email(&email) else {
        leptos_axum::redirect("/staff/accounts?e=email");
        return Ok(());
    };
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        leptos_axum::redirect("/staff/accounts?e=name");
        return Ok(());
    }
    if roles.is_empty() {
        leptos_axum::redirect("/staff/accounts?e=roles");
        return Ok(());
    }
    let Some(id) = state
        .store
        .create_staff(&email, &name, &roles, now())
        .await?
    else {
        leptos_axum::redirect("/staff/accounts?e=exists");
        return Ok(());
    };
    send_invitation(&state, &email, &name, id).await?;
    state
        .store
        .audit(
            Some(admin.id),
            "staff_invited",
            None,
            &id.to_string(),
            now(),
        )
        .await?;
    leptos_axum::redirect("/staff/accounts?ok=invited");
    Ok(())
}

pub async fn set_staff_roles(id: StaffId, roles: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let admin = require::<SetStaffRoles>()?;
    let roles = roles_from_form(&roles);
    // Nobody removes their own admin role: the programme would risk having no admin left.
    if id == admin.id && !roles.contains(&Role::Admin) {
        leptos_axum::redirect("/staff/accounts?e=own_admin");
        return Ok(());
    }
    if state.store.staff_by_id(id).await?.has(Role::Company) {
        return Err(AppError::Forbidden);
    }
    state.store.set_roles(id, &roles).await?;
    // New roles take effect at the next log-in; removing them must not wait.
    state.store.delete_sessions_of(id).await?;
    let codes: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    state
        .store
        .audit(
            Some(admin.id),
            "staff_roles",
            None,
            &format!("{id}: {}", codes.join(" ")),
            now(),
        )
        .await?;
    leptos_axum::redirect("/staff/accounts?ok=roles");
    Ok(())
}

pub async fn set_staff_active(id: StaffId, active: bool) -> Result<(), AppError> {
    let state = state()?;
    let admin = require::<SetStaffActive>()?;
    if id == admin.id {
        leptos_axum::redirect("/staff/accounts?e=own_account");
        return Ok(());
    }
    state.store.staff_by_id(id).await?;
    state.store.set_active(id, active).await?;
    state
        .store
        .audit(
            Some(admin.id),
            "staff_active",
            None,
            &format!("{id}: {active}"),
            now(),
        )
        .await?;
    leptos_axum::redirect("/staff/accounts?ok=active");
    Ok(())
}

/// An admin's reset of someone's second factor: their sessions end, and their next log-in enrols
/// a new one. Not on one's own account (that would pass the second factor with a password).
pub async fn reset_second_factor(id: StaffId) -> Result<(), AppError> {
    let state = state()?;
    let admin = require::<ResetSecondFactor>()?;
    if id == admin.id {
        leptos_axum::redirect("/staff/accounts?e=own_account");
        return Ok(());
    }
    state.store.reset_second_factor(id, admin.id, now()).await?;
    leptos_axum::redirect("/staff/accounts?ok=totp_reset");
    Ok(())
}

/// The caller's own session: their account and the stored hash of the session in use.
fn own_session() -> Result<(StaffAccount, String), AppError> {
    match caller() {
        Caller::Staff { staff, session } => Ok((staff, session)),
        _ => Err(AppError::SignedOut),
    }
}

pub async fn load_my_account() -> Result<MyAccountView, AppError> {
    let state = state()?;
    require::<LoadMyAccount>()?;
    let (me, current) = own_session()?;
    let lang = crate::ui::request_lang();
    let sessions = state
        .store
        .sessions_of(me.id)
        .await?
        .into_iter()
        .map(|s| SessionView {
            key: session::session_key(&s.id_hash),
            device: s.device,
            started: date_time_text(lang, s.created_at),
            last_used: date_time_text(lang, s.last_seen_at),
            this_one: s.id_hash == current,
            complete: s.complete,
        })
        .collect();
    Ok(MyAccountView {
        email: me.email.clone(),
        has_totp: me.totp_secret.is_some(),
        sessions,
    })
}

/// A new password, given the current one. A wrong current password counts like a wrong one at
/// log-in (someone at an unlocked desk cannot try passwords here without limit), and is audited.
pub async fn change_password(
    current: String,
    password: String,
    confirm: String,
    end_others: bool,
) -> Result<(), AppError> {
    let state = state()?;
    require::<ChangePassword>()?;
    let (me, session) = own_session()?;
    let t = now();
    let policy = LockoutPolicy::default();
    let bucket = failures_bucket(&me.email, &crate::web::ctx::client_ip().await);
    if state
        .store
        .attempts_exhausted(&bucket, policy.max_failures, policy.lock_secs, t)
        .await?
    {
        leptos_axum::redirect("/staff/account?e=too_many#password");
        return Ok(());
    }
    if !verify_password(current, me.password_hash.clone()).await {
        state
            .store
            .allow_attempt(&bucket, policy.max_failures, policy.lock_secs, t)
            .await?;
        state
            .store
            .audit(Some(me.id), "password_change_refused", None, "", t)
            .await?;
        leptos_axum::redirect("/staff/account?e=current#password");
        return Ok(());
    }
    if let Some(problem) = password_problem(&password, &confirm, &me) {
        leptos_axum::redirect(&format!(
            "/staff/account?e={}#password",
            problem_code(problem)
        ));
        return Ok(());
    }
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| AppError::Unavailable)??;
    let keep = end_others.then_some(session.as_str());
    state.store.change_password(me.id, &hash, keep, t).await?;
    leptos_axum::redirect("/staff/account?ok=password_changed");
    Ok(())
}

pub async fn end_my_session(key: String) -> Result<(), AppError> {
    let state = state()?;
    require::<EndMySession>()?;
    let (me, current) = own_session()?;
    let target = state
        .store
        .sessions_of(me.id)
        .await?
        .into_iter()
        .find(|s| session::session_key(&s.id_hash) == key.trim());
    let Some(target) = target else {
        leptos_axum::redirect("/staff/account?e=session#sessions");
        return Ok(());
    };
    state
        .store
        .end_own_session(me.id, &target.id_hash, now())
        .await?;
    if target.id_hash == current {
        session::end(&state, None).await?;
        leptos_axum::redirect("/staff/login?ok=out");
    } else {
        leptos_axum::redirect("/staff/account?ok=session_ended#sessions");
    }
    Ok(())
}

pub async fn end_my_other_sessions() -> Result<(), AppError> {
    let state = state()?;
    require::<EndMyOtherSessions>()?;
    let (me, current) = own_session()?;
    state
        .store
        .end_other_sessions(me.id, &current, now())
        .await?;
    leptos_axum::redirect("/staff/account?ok=others_ended#sessions");
    Ok(())
}

/// An admin ends every session of someone else (their own: "log out everywhere").
pub async fn end_staff_sessions(id: StaffId) -> Result<(), AppError> {
    let state = state()?;
    let admin = require::<EndStaffSessions>()?;
    if id == admin.id {
        leptos_axum::redirect("/staff/accounts?e=own_account");
        return Ok(());
    }
    state.store.end_sessions_of(id, admin.id, now()).await?;
    leptos_axum::redirect("/staff/accounts?ok=sessions_ended");
    Ok(())
}

pub async fn end_all_sessions() -> Result<(), AppError> {
    let state = state()?;
    require::<EndAllSessions>()?;
    let (admin, current) = own_session()?;
    state
        .store
        .end_all_sessions(admin.id, &current, now())
        .await?;
    leptos_axum::redirect("/staff/accounts?ok=all_sessions_ended");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{password_is_common, CONTEXT_WORDS};

    #[test]
    fn common_passwords_are_refused_and_long_unusual_ones_pass() {
        for common in [
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "iloveyou1234",
        ] {
            assert!(password_is_common(common, &[]), "{common}");
        }
        assert!(password_is_common(
            "mario.rossi@insieme.it1",
            &["mario.rossi@insieme.it"]
        ));
        assert!(!password_is_common("tram-lungo-porta-saragozza-19", &[]));
        // the programme's own words count as common
        for context in [
            "insiemeperillavoro2026",
            "Bologna-Insieme-2026!",
            "segreteria.bologna.26",
        ] {
            assert!(password_is_common(context, CONTEXT_WORDS), "{context}");
        }
        assert!(!password_is_common(
            "tram-lungo-porta-saragozza-19",
            CONTEXT_WORDS
        ));
        // no composition rule: a long string of digits is judged by its strength alone
        assert!(!password_is_common(
            "8391 2047 5566 1209 7730",
            CONTEXT_WORDS
        ));
    }
}
