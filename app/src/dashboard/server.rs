//! The server half of the dashboard, and its CSV export.
use super::*;
use crate::domain::deadline::local_date;
use crate::domain::sla::{median_days, month_start, periods, week_start, Period};
use crate::i18n::Lang;
use crate::web::access::require;
use crate::web::time::now;
use crate::web::{state, AppState};
use axum::http::header;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, Days, Utc};

const WEEKS: usize = 12;
const MONTHS: usize = 12;

fn row(lang: Lang, p: &Period, monthly: bool) -> PeriodRow {
    let label = if monthly {
        crate::i18n::format_month(lang, p.start)
    } else {
        crate::i18n::format_date(lang, p.start)
    };
    let month = crate::i18n::short_month(lang, p.start);
    let axis = if monthly {
        month.to_owned()
    } else {
        format!("{} {month}", p.start.day())
    };
    PeriodRow {
        label,
        axis,
        axis_year: None,
        received: p.received,
        due: p.due,
        within_target: p.share_target(),
        within_limit: p.share_limit(),
    }
}

pub async fn dashboard(state: &AppState, lang: Lang, t: i64) -> Result<DashboardView, AppError> {
    let policy = state.config.contact_policy();
    let since = t - 400 * 86400;
    let cases = state.store.sla_cases(since).await?;
    let mut weeks = periods(&cases, &policy, t, week_start);
    let mut months = periods(&cases, &policy, t, month_start);
    let weeks = weeks.split_off(weeks.len().saturating_sub(WEEKS));
    let months = months.split_off(months.len().saturating_sub(MONTHS));
    let (median_contact_days, median_interview_days) = median_days(&cases);
    let (held, missed) = state.store.interview_attendance().await?;
    let backlog = state.store.band_counts(t).await?;
    let limits = state.store.limits_between(t, t + 7 * 86400).await?;
    let today = local_date(DateTime::<Utc>::from_timestamp(t, 0).unwrap_or_default());
    let forecast = (0..7u64)
        .map(|d| {
            let day = today + Days::new(d);
            let n = limits
                .iter()
                .filter(|l| {
                    local_date(DateTime::<Utc>::from_timestamp(**l, 0).unwrap_or_default()) == day
                })
                .count() as u32;
            (crate::i18n::format_date(lang, day), n)
        })
        .collect();
    Ok(DashboardView {
        weeks: weeks.iter().map(|p| row(lang, p, false)).collect(),
        months: months
            .iter()
            .enumerate()
            .map(|(i, p)| PeriodRow {
                // The year under the first month and under each January.
                axis_year: (i == 0 || p.start.month() == 1).then(|| p.start.year().to_string()),
                ..row(lang, p, true)
            })
            .collect(),
        median_contact_days,
        median_interview_days,
        no_show_rate: (held + missed > 0).then(|| missed as f64 / (held + missed) as f64),
        interviews_counted: held + missed,
        backlog,
        forecast,
    })
}

pub async fn load_dashboard() -> Result<DashboardView, AppError> {
    let state = state()?;
    require::<LoadDashboard>()?;
    dashboard(&state, crate::ui::request_lang(), now()).await
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{:.1}", v * 100.0)).unwrap_or_default()
}

/// The weekly and monthly figures as CSV (RFC 4180), for the European Social Fund reports.
pub fn csv(v: &DashboardView) -> Result<String, ::csv::Error> {
    let rows = [("week", &v.weeks), ("month", &v.months)]
        .into_iter()
        .flat_map(|(kind, rows)| {
            rows.iter().map(move |r| {
                [
                    kind.to_owned(),
                    r.label.clone(),
                    r.received.to_string(),
                    r.due.to_string(),
                    pct(r.within_target),
                    pct(r.within_limit),
                ]
            })
        });
    crate::web::export::csv(
        &[
            "period",
            "start",
            "received",
            "outcome_known",
            "pct_within_28_days",
            "pct_within_35_days",
        ],
        rows,
    )
}

/// `GET /staff/dashboard.csv`: the dashboard's figures for the fund's reports.
pub async fn csv_download(
    axum::extract::State(state): axum::extract::State<crate::web::AppState>,
    request: axum::extract::Request,
) -> Response {
    use crate::web::access::{allowed, DASHBOARD_FILE};
    if !allowed(request.extensions(), DASHBOARD_FILE) {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, "/staff/login")]).into_response();
    }
    let lang = crate::web::lang::from_headers(request.headers());
    let file = match dashboard(&state, lang, chrono::Utc::now().timestamp()).await {
        Ok(v) => {
            csv(&v).map_err(|e| tracing::error!("the dashboard CSV could not be written: {e}"))
        }
        // A storage fault was logged with its cause where it became an AppError.
        Err(_) => Err(()),
    };
    match file {
        Ok(file) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"insieme-contatti.csv\"",
                ),
            ],
            file,
        )
            .into_response(),
        Err(()) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}
