//! The company portal: a company's contact people sign in with a one-time link, keep their company's
//! data current, post and close positions, and answer for the candidates sent to them. They see only
//! their own company, only candidates sent to it, and of each only what the person agreed to share.
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;

use super::SiteView;
use crate::domain::board::Stage;
use crate::domain::ids::{PositionId, ProposalId};
use crate::error::AppError;
use crate::ui::forms::{Choice, FormState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const LINK_COOKIE: &str = "insieme_company_link";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateCard {
    pub proposal_id: ProposalId,
    pub stage: Stage,
    pub stage_label: String,
    pub since: String,
    /// The full name when the person shared their contacts, else first name and reference; a
    /// neutral label when they took back their consent to share anything.
    pub label: String,
    /// The person no longer shares anything with companies: only the stage and moves remain.
    pub withdrawn: bool,
    pub comune: String,
    pub skills: String,
    pub sectors: String,
    pub jobs: Vec<String>,
    pub italian: String,
    pub hours: String,
    pub shifts: String,
    pub licence: bool,
    pub vehicle: bool,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub reason: Option<String>,
    pub moves: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalPosition {
    pub id: PositionId,
    pub title: String,
    pub site: String,
    pub closes_on: String,
    pub open: bool,
    pub facts: Vec<(String, String)>,
    pub candidates: Vec<CandidateCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalView {
    pub company: String,
    pub vat: String,
    pub ateco: String,
    pub size: String,
    pub me_name: String,
    pub me_phone: String,
    pub me_job_title: String,
    pub sites: Vec<SiteView>,
    pub positions: Vec<PortalPosition>,
    pub reasons: Vec<Choice>,
    pub contracts: Vec<Choice>,
    pub forms: BTreeMap<String, FormState>,
}

#[server(prefix = "/api", endpoint = "request_company_link")]
pub async fn request_company_link(#[server(default)] email: String) -> Result<(), AppError> {
    server::request_link(email).await
}

#[server(prefix = "/api", endpoint = "company_sign_in")]
pub async fn company_sign_in() -> Result<(), AppError> {
    server::sign_in().await
}

#[server(prefix = "/api", endpoint = "company_sign_out")]
pub async fn company_sign_out() -> Result<(), AppError> {
    server::sign_out().await
}

#[server(prefix = "/api", endpoint = "load_portal")]
pub async fn load_portal() -> Result<PortalView, AppError> {
    server::load().await
}

#[server(prefix = "/api", endpoint = "update_my_company")]
pub async fn update_my_company(
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::update_company(f).await
}

#[server(prefix = "/api", endpoint = "update_my_details")]
pub async fn update_my_details(
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::update_me(f).await
}

#[server(prefix = "/api", endpoint = "post_position")]
pub async fn post_position(#[server(default)] f: BTreeMap<String, String>) -> Result<(), AppError> {
    server::post_position(f).await
}

#[server(prefix = "/api", endpoint = "close_my_position")]
pub async fn close_my_position(id: PositionId) -> Result<(), AppError> {
    server::close_position(id).await
}
