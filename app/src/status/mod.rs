//! The applicant's own page, from the link in the confirmation: where their application stands
//! and what comes next, their interview, their contacts, what companies may see of them, and
//! withdrawal.
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;

use crate::domain::questionnaire::ErrorKind;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub reference: String,
    pub first_name: String,
    pub stage: String,
    /// The current one of the four steps (received, first call, interview, path); `None` when
    /// the case is over.
    pub step: Option<usize>,
    /// What comes next and when, only while it is still ahead.
    pub next: Option<String>,
    pub mobile: String,
    pub email: String,
    /// What companies may see: `none`, `profile` or `contacts`.
    pub share: String,
    /// What the person typed last time, when it was refused, with the problems.
    pub rejected: Option<ContactsForm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactsForm {
    pub mobile: String,
    pub email: String,
    pub errors: Vec<(String, ErrorKind)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusPageData {
    Found(Box<StatusView>),
    /// No valid status link in this browser (never opened, or the application was withdrawn).
    Missing,
}

#[server(prefix = "/api", endpoint = "load_status")]
pub async fn load_status() -> Result<StatusPageData, AppError> {
    server::load_status().await
}

#[server(prefix = "/api", endpoint = "update_contacts")]
pub async fn update_contacts(mobile: String, email: String) -> Result<(), AppError> {
    server::update_contacts(mobile, email).await
}

#[server(prefix = "/api", endpoint = "choose_sharing")]
pub async fn choose_sharing(#[server(default)] level: String) -> Result<(), AppError> {
    server::choose_sharing(level).await
}

#[server(prefix = "/api", endpoint = "withdraw")]
pub async fn withdraw(#[server(default)] confirm: String) -> Result<(), AppError> {
    server::withdraw(confirm).await
}
