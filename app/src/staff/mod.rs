//! Staff accounts: log-in with a password and (for admins always) a one-time code, sessions, log-out,
//! invitations and the admins' account page. Who may call what is decided in `web::access`.
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;
#[cfg(feature = "ssr")]
pub use server::{create_invitation_link, hash_password, new_totp_secret, totp_code};

use crate::domain::ids::StaffId;
use crate::domain::staff::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const INVITE_COOKIE: &str = "insieme_invite";

/// The person using the staff pages, for the header and the navigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: StaffId,
    pub name: String,
    pub roles: Vec<Role>,
    pub complete: bool,
    pub has_totp: bool,
}

impl Me {
    pub fn has(&self, role: Role) -> bool {
        self.complete && self.roles.contains(&role)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    /// Base32, grouped by four for typing by hand.
    pub secret: String,
    pub qr_svg: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: StaffId,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub has_password: bool,
    pub has_totp: bool,
    /// Sessions open now.
    pub sessions: i64,
}

/// One of the caller's own sessions; `key` names it in the form that ends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub key: String,
    pub device: String,
    pub started: String,
    pub last_used: String,
    pub this_one: bool,
    pub complete: bool,
}

/// The caller's own account page: their sessions (the second factor's state comes with `Me`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAccountView {
    pub email: String,
    pub has_totp: bool,
    pub sessions: Vec<SessionView>,
}

/// What the log-in page shows: the email typed before a refused attempt, so it need not be retyped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginView {
    pub me: Option<Me>,
    pub email: String,
}

#[server(prefix = "/api", endpoint = "staff_me")]
pub async fn staff_me() -> Result<LoginView, AppError> {
    server::staff_me().await
}

#[server(prefix = "/api", endpoint = "staff_login")]
pub async fn staff_login(
    #[server(default)] email: String,
    #[server(default)] password: String,
) -> Result<(), AppError> {
    server::login(email, password).await
}

#[server(prefix = "/api", endpoint = "staff_login_code")]
pub async fn staff_login_code(#[server(default)] code: String) -> Result<(), AppError> {
    server::login_code(code).await
}

#[server(prefix = "/api", endpoint = "load_totp_setup")]
pub async fn load_totp_setup() -> Result<TotpSetup, AppError> {
    server::load_totp_setup().await
}

#[server(prefix = "/api", endpoint = "confirm_totp")]
pub async fn confirm_totp(#[server(default)] code: String) -> Result<(), AppError> {
    server::confirm_totp(code).await
}

#[server(prefix = "/api", endpoint = "staff_logout")]
pub async fn staff_logout() -> Result<(), AppError> {
    server::logout(false).await
}

#[server(prefix = "/api", endpoint = "staff_logout_everywhere")]
pub async fn staff_logout_everywhere() -> Result<(), AppError> {
    server::logout(true).await
}

#[server(prefix = "/api", endpoint = "load_my_account")]
pub async fn load_my_account() -> Result<MyAccountView, AppError> {
    server::load_my_account().await
}

/// `end_others` is `on` when the box to end the other sessions is ticked.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    #[server(default)] current: String,
    #[server(default)] password: String,
    #[server(default)] confirm: String,
    #[server(default)] end_others: String,
) -> Result<(), AppError> {
    server::change_password(current, password, confirm, end_others == "on").await
}

#[server(prefix = "/api", endpoint = "end_my_session")]
pub async fn end_my_session(key: String) -> Result<(), AppError> {
    server::end_my_session(key).await
}

#[server(prefix = "/api", endpoint = "end_my_other_sessions")]
pub async fn end_my_other_sessions() -> Result<(), AppError> {
    server::end_my_other_sessions().await
}

#[server(prefix = "/api", endpoint = "load_invitation")]
pub async fn load_invitation() -> Result<Option<InvitationView>, AppError> {
    server::load_invitation().await
}

#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(
    #[server(default)] password: String,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    server::accept_invitation(password, confirm).await
}

#[server(prefix = "/api", endpoint = "list_accounts")]
pub async fn list_accounts() -> Result<Vec<AccountView>, AppError> {
    server::list_accounts().await
}

/// `roles` holds one `role_code = "on"` per ticked box, as a plain form posts them.
#[server(prefix = "/api", endpoint = "invite_staff")]
pub async fn invite_staff(
    #[server(default)] email: String,
    #[server(default)] name: String,
    #[server(default)] roles: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::invite_staff(email, name, roles).await
}

#[server(prefix = "/api", endpoint = "set_staff_roles")]
pub async fn set_staff_roles(
    id: StaffId,
    #[server(default)] roles: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::set_staff_roles(id, roles).await
}

#[server(prefix = "/api", endpoint = "set_staff_active")]
pub async fn set_staff_active(id: StaffId, active: String) -> Result<(), AppError> {
    server::set_staff_active(id, active == "yes").await
}

#[server(prefix = "/api", endpoint = "reset_second_factor")]
pub async fn reset_second_factor(id: StaffId) -> Result<(), AppError> {
    server::reset_second_factor(id).await
}

#[server(prefix = "/api", endpoint = "end_staff_sessions")]
pub async fn end_staff_sessions(id: StaffId) -> Result<(), AppError> {
    server::end_staff_sessions(id).await
}

#[server(prefix = "/api", endpoint = "end_all_sessions")]
pub async fn end_all_sessions() -> Result<(), AppError> {
    server::end_all_sessions().await
}

/// The roles ticked in a form.
pub fn roles_from_form(roles: &BTreeMap<String, String>) -> Vec<Role> {
    let mut out: Vec<Role> = roles
        .iter()
        .filter(|(_, v)| v.as_str() == "on")
        .filter_map(|(k, _)| Role::from_code(k))
        .filter(|r| Role::STAFF.contains(r))
        .collect();
    out.sort();
    out.dedup();
    out
}
