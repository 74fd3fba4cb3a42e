//! Intake: eligibility, the questionnaire, submission and confirmation.
//! Server functions here are thin: find the caller's draft or status link, call the domain and the
//! store, answer with a view model. Every form also works as a plain HTML post.
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;

use crate::domain::questionnaire::{Answers, ErrorKind};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const DRAFT_COOKIE: &str = "insieme_draft";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComuneOption {
    pub istat: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomicileView {
    pub comuni: Vec<ComuneOption>,
    pub chosen: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub index: usize,
    pub answers: Answers,
    /// Problems to show now: set after a refused "Next", recomputed from the saved answers.
    pub errors: Vec<(String, ErrorKind)>,
    pub comune_name: String,
    pub postal_codes: Vec<String>,
    pub resume_code: String,
    pub resume_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StepPage {
    Show(Box<StepView>),
    /// The person has no draft (or it is finished): where to go instead.
    Redirect(String),
}

/// What the page after "Send" shows. It is the same whether the person was enrolled now or was
/// enrolled already, so that it cannot tell a stranger who typed someone's details that this
/// person is in the programme: the reference and the personal link go to the contact on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfirmationView {
    Received {
        contact_due: String,
        contact_limit: String,
    },
    NoDraft,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralView {
    pub places: Vec<PlaceView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PlaceView {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub website: String,
}

#[server(prefix = "/api", endpoint = "load_domicile")]
pub async fn load_domicile() -> Result<DomicileView, AppError> {
    server::load_domicile().await
}

/// First eligibility question. `comune` is an ISTAT code, or `elsewhere`.
#[server(prefix = "/api", endpoint = "choose_domicile")]
pub async fn choose_domicile(comune: String) -> Result<(), AppError> {
    server::choose_domicile(comune).await
}

/// Second eligibility question: `yes` or `no` to "already in an active employment-policy measure".
#[server(prefix = "/api", endpoint = "answer_measure")]
pub async fn answer_measure(answer: String) -> Result<(), AppError> {
    server::answer_measure(answer).await
}

/// Where to get help instead, for the reason the person cannot enrol (from configuration).
#[server(prefix = "/api", endpoint = "referral")]
pub async fn referral(reason: String) -> Result<ReferralView, AppError> {
    let state = crate::web::state()?;
    let reason = crate::domain::eligibility::IneligibilityReason::from_code(&reason)
        .unwrap_or(crate::domain::eligibility::IneligibilityReason::DomicileOutsideTerritory);
    Ok(ReferralView {
        places: state
            .config
            .referral
            .places(reason)
            .iter()
            .map(|p| PlaceView {
                name: p.name.clone(),
                address: p.address.clone(),
                phone: p.phone.clone(),
                website: p.website.clone(),
            })
            .collect(),
    })
}

#[server(prefix = "/api", endpoint = "load_step")]
pub async fn load_step(slug: String) -> Result<StepPage, AppError> {
    server::load_step(slug).await
}

/// Saves one step whatever it holds (nothing typed is lost), then goes back, stays with the
/// problems shown, goes on, or, from the last step, enrols the applicant.
#[server(prefix = "/api", endpoint = "save_step")]
pub async fn save_step(
    slug: String,
    nav: String,
    a: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::save_step(slug, nav, a).await
}

#[server(prefix = "/api", endpoint = "load_confirmation")]
pub async fn load_confirmation() -> Result<ConfirmationView, AppError> {
    server::load_confirmation().await
}

/// Picks up a draft from its code, on this or another device.
#[server(prefix = "/api", endpoint = "resume_draft")]
pub async fn resume_draft(code: String) -> Result<(), AppError> {
    server::resume_draft(code).await
}

#[cfg(feature = "ssr")]
pub use server::identity_key;
