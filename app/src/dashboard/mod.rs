//! The contact promise in figures, for the secretariat and the administration: shares contacted
//! within 28 and 35 days by week and month, median waits, no-shows, backlog and breaches ahead.
//! Aggregates only: no person appears here.
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;

use crate::domain::deadline::Band;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodRow {
    pub label: String,
    /// Under the bar: "2 nov" for a week, "nov" for a month.
    pub axis: String,
    /// Under that, the year, where it starts or changes (months only).
    pub axis_year: Option<String>,
    pub received: u32,
    pub due: u32,
    pub within_target: Option<f64>,
    pub within_limit: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardView {
    pub weeks: Vec<PeriodRow>,
    pub months: Vec<PeriodRow>,
    pub median_contact_days: Option<f64>,
    pub median_interview_days: Option<f64>,
    pub no_show_rate: Option<f64>,
    pub interviews_counted: i64,
    pub backlog: Vec<(Band, i64)>,
    /// Cases that will pass the 35-day limit on each of the next 7 days, unless contacted.
    pub forecast: Vec<(String, u32)>,
}

#[server(prefix = "/api", endpoint = "load_dashboard")]
pub async fn load_dashboard() -> Result<DashboardView, AppError> {
    server::load_dashboard().await
}
