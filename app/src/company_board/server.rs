//! The server half of the company board, staff side (the portal's is in `portal`).
use super::*;
use crate::domain::board::{
    is_stalled, Contract, Mover, NotSelectedReason, Placement, PlacementProblem,
};
use crate::domain::catalogue::{SECTORS, SKILLS};
use crate::domain::company::{
    AgreementStatus, CompanyDetails, ContactKind, ContactPerson, LogEntry, Problem, Site, Size,
};
use crate::domain::deadline::local_date;
use crate::domain::matching::{self, score, top, values_of, Candidate, Exclusion, Match, Reason};
use crate::domain::position::PositionDetails;
use crate::domain::questionnaire::{Opt, SHIFTS};
use crate::domain::staff::Role;
use crate::domain::territory::fold;
use crate::i18n::{Key, Lang};
use crate::staff::access::{caller, require};
use crate::storage::{
    BoardError, Company, CompanyError, Moved, NewMessage, PositionRecord, ProposalRow, StoreError,
};
use crate::ui::format_date;
use crate::web::ctx::now;
use crate::web::{state, tokens, AppState};
use chrono::{DateTime, NaiveDate, Utc};

pub const COMPANIES_PAGE: i64 = 30;
/// How many candidates (or positions) a ranking shows.
pub const RANKED: usize = 30;
/// A company's sign-in link is valid this long.
pub const LINK_MINUTES: i64 = 30;

pub fn today() -> NaiveDate {
    local_date(at(now()))
}

fn at(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

pub fn day(lang: Lang, d: NaiveDate) -> String {
    format_date(lang, d)
}

pub fn day_of(lang: Lang, ts: i64) -> String {
    format_date(lang, local_date(at(ts)))
}

pub fn comune_name(state: &AppState, istat: &str) -> String {
    state
        .territory
        .by_istat(istat)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| istat.to_owned())
}

/// The territory's comuni for a select, in alphabetical order.
pub fn comune_choices(state: &AppState) -> Vec<Choice> {
    let mut out: Vec<Choice> = state
        .territory
        .comuni
        .iter()
        .map(|c| Choice {
            value: c.istat_code.clone(),
            label: c.name.clone(),
        })
        .collect();
    out.sort_by_key(|c| fold(&c.label));
    out
}

pub fn stage_label(lang: Lang, s: Stage) -> &'static str {
    lang.t(match s {
        Stage::Proposed => Key::stage_board_proposed,
        Stage::Sent => Key::stage_board_sent,
        Stage::Interview => Key::stage_board_interview,
        Stage::Traineeship => Key::stage_board_traineeship,
        Stage::Hired => Key::stage_board_hired,
        Stage::NotSelected => Key::stage_board_not_selected,
    })
}

pub fn reason_label(lang: Lang, r: NotSelectedReason) -> &'static str {
    lang.t(match r {
        NotSelectedReason::Skills => Key::not_selected_skills,
        NotSelectedReason::Experience => Key::not_selected_experience,
        NotSelectedReason::Language => Key::not_selected_language,
        NotSelectedReason::Availability => Key::not_selected_availability,
        NotSelectedReason::Distance => Key::not_selected_distance,
        NotSelectedReason::PositionFilled => Key::not_selected_position_filled,
        NotSelectedReason::CandidateDeclined => Key::not_selected_candidate_declined,
        NotSelectedReason::NoShow => Key::not_selected_no_show,
        NotSelectedReason::Other => Key::not_selected_other,
    })
}

pub fn contract_label(lang: Lang, c: Contract) -> &'static str {
    lang.t(match c {
        Contract::Apprenticeship => Key::contract_apprenticeship,
        Contract::FixedTerm => Key::contract_fixed_term,
        Contract::Permanent => Key::contract_permanent,
        Contract::Traineeship => Key::contract_traineeship,
    })
}

pub fn size_label(lang: Lang, s: Size) -> &'static str {
    lang.t(match s {
        Size::Micro => Key::size_micro,
        Size::Small => Key::size_small,
        Size::Medium => Key::size_medium,
        Size::Large => Key::size_large,
    })
}

pub fn kind_label(lang: Lang, k: ContactKind) -> &'static str {
    lang.t(match k {
        ContactKind::Call => Key::log_kind_call,
        ContactKind::Visit => Key::log_kind_visit,
        ContactKind::Email => Key::log_kind_email,
        ContactKind::Meeting => Key::log_kind_meeting,
    })
}

pub fn agreement_label(lang: Lang, a: AgreementStatus) -> &'static str {
    lang.t(match a {
        AgreementStatus::None => Key::agreement_none,
        AgreementStatus::Proposed => Key::agreement_proposed,
        AgreementStatus::Signed => Key::agreement_signed,
        AgreementStatus::Expiring => Key::agreement_expiring,
        AgreementStatus::Ended => Key::agreement_ended,
    })
}

pub fn reasons(lang: Lang) -> Vec<Choice> {
    NotSelectedReason::ALL
        .into_iter()
        .map(|r| Choice {
            value: r.code().to_owned(),
            label: reason_label(lang, r).to_owned(),
        })
        .collect()
}

pub fn contracts(lang: Lang) -> Vec<Choice> {
    Contract::ALL
        .into_iter()
        .map(|c| Choice {
            value: c.code().to_owned(),
            label: contract_label(lang, c).to_owned(),
        })
        .collect()
}

/// The message for a problem of a company-board form.
pub fn problem_text(lang: Lang, p: Problem) -> String {
    lang.t(match p {
        Problem::Required(_) => Key::err_required,
        Problem::TooLong(_) => Key::board_err_too_long,
        Problem::Vat => Key::board_err_vat,
        Problem::VatTaken => Key::board_err_vat_taken,
        Problem::Ateco => Key::board_err_ateco,
        Problem::Size => Key::err_required,
        Problem::Comune => Key::board_err_comune,
        Problem::Email => Key::err_email,
        Problem::Phone => Key::board_err_phone,
        Problem::Date(_) => Key::board_err_date,
        Problem::DueBeforeContact => Key::board_err_due_before,
        Problem::ExpiryBeforeSigning => Key::board_err_expiry_before,
        Problem::Pdf => Key::board_err_pdf,
        Problem::PdfTooLarge => Key::board_err_pdf_large,
    })
    .to_owned()
}

pub fn problems_of(lang: Lang, ps: &[Problem]) -> Vec<(String, String)> {
    ps.iter()
        .map(|p| (p.field().to_owned(), problem_text(lang, *p)))
        .collect()
}

/// Forms are keyed by the page and form they belong to, e.g. `company:4:log`.
pub async fn form_state(state: &AppState, form: &str) -> FormState {
    let Some(session) = caller().session_hash().map(str::to_owned) else {
        return FormState::default();
    };
    match state.store.form_draft(&session, form).await {
        Ok(Some((values, problems))) => FormState {
            values: serde_json::from_str(&values).unwrap_or_default(),
            problems: serde_json::from_str(&problems).unwrap_or_default(),
            scope: String::new(),
        },
        _ => FormState::default(),
    }
}

/// Keeps a refused form for the page to show again, wherever the browser comes back from.
pub async fn keep_form(
    state: &AppState,
    form: &str,
    values: &BTreeMap<String, String>,
    problems: &[(String, String)],
) -> Result<(), AppError> {
    if let Some(session) = caller().session_hash() {
        let values = serde_json::to_string(values).map_err(|_| AppError::Unavailable)?;
        let problems = serde_json::to_string(problems).map_err(|_| AppError::Unavailable)?;
        state
            .store
            .save_form_draft(session, form, &values, &problems, now())
            .await?;
    }
    Ok(())
}

pub async fn clear_form(state: &AppState, form: &str) -> Result<(), AppError> {
    if let Some(session) = caller().session_hash() {
        state.store.clear_form_draft(session, form).await?;
    }
    Ok(())
}

fn counts_view(c: crate::storage::BoardCounts) -> CountsView {
    CountsView {
        involved: c.involved,
        in_force: c.in_force,
        expiring: c.expiring,
        proposed: c.proposed,
    }
}

pub fn proposal_view(lang: Lang, p: &ProposalRow, t: i64, days: u32, mover: Mover) -> ProposalView {
    ProposalView {
        id: p.id,
        position_id: p.position_id,
        position: p.position_title.clone(),
        company: p.company_name.clone(),
        applicant_id: p.applicant_id,
        reference: p.reference.clone(),
        name: format!("{} {}", p.last_name, p.first_name),
        stage: p.stage,
        stage_label: stage_label(lang, p.stage).to_owned(),
        reason: p.reason.map(|r| reason_label(lang, r).to_owned()),
        score: p.score,
        since: day_of(lang, p.stage_at),
        stalled: is_stalled(p.stage, p.stage_at, t, days),
        moves: p
            .stage
            .next(mover)
            .into_iter()
            .map(|s| (s.code().to_owned(), stage_label(lang, s).to_owned()))
            .collect(),
        history: Vec::new(),
    }
}

/// One line of a proposal's history.
fn history_line(lang: Lang, m: &crate::storage::MoveRow) -> String {
    let when = {
        let local = at(m.at).with_timezone(&crate::domain::deadline::PROGRAMME_TZ);
        format!(
            "{} {}",
            day(lang, local.date_naive()),
            local.format("%H:%M")
        )
    };
    let to = match m.reason {
        Some(r) => format!("{} ({})", stage_label(lang, m.to), reason_label(lang, r)),
        None => stage_label(lang, m.to).to_owned(),
    };
    let by = if m.by.is_empty() { "—" } else { &m.by };
    format!("{when} · {to} · {by}")
}

pub fn position_summary(
    lang: Lang,
    state: &AppState,
    row: &crate::storage::PositionRow,
) -> PositionSummary {
    let p = &row.position;
    PositionSummary {
        id: p.id,
        title: p.details.title.clone(),
        company_id: p.company_id,
        company: p.company_name.clone(),
        comune: comune_name(state, &p.comune),
        closes_on: day(lang, p.details.closes_on),
        open: p.open,
        openings: p.details.openings,
        by_stage: Stage::ALL
            .into_iter()
            .filter_map(|s| {
                row.by_stage
                    .iter()
                    .find(|(x, _)| *x == s)
                    .map(|(_, n)| (stage_label(lang, s).to_owned(), *n))
            })
            .collect(),
    }
}

pub async fn load_board() -> Result<BoardView, AppError> {
    let state = state()?;
    require::<LoadBoard>()?;
    let lang = crate::request_lang();
    let t = now();
    let today = today();
    let days = state.config.proposal_reminder_days;
    let stalled = state
        .store
        .stalled_proposals(t - i64::from(days) * 86_400, 50)
        .await?
        .iter()
        .map(|p| proposal_view(lang, p, t, days, Mover::Secretariat))
        .collect();
    let planned = state
        .store
        .planned_contacts(today + chrono::Duration::days(7), 50)
        .await?
        .into_iter()
        .filter_map(|l| {
            let due = l.next_due?;
            Some(PlannedView {
                company_id: l.company_id,
                company: l.company_name,
                next_step: l.next_step,
                due: day(lang, due),
                overdue: due < today,
            })
        })
        .collect();
    let positions = state
        .store
        .positions(None)
        .await?
        .iter()
        .map(|r| position_summary(lang, &state, r))
        .collect();
    Ok(BoardView {
        counts: counts_view(state.store.board_counts(today).await?),
        stalled,
        planned,
        positions,
        reminder_days: days,
    })
}

pub async fn load_companies(q: String, page: String) -> Result<CompaniesView, AppError> {
    let state = state()?;
    require::<LoadCompanies>()?;
    let lang = crate::request_lang();
    let today = today();
    let page = page.trim().parse::<i64>().unwrap_or(1).clamp(1, 10_000);
    let mut rows = state
        .store
        .companies(q.trim(), COMPANIES_PAGE + 1, (page - 1) * COMPANIES_PAGE)
        .await?;
    let has_next = rows.len() as i64 > COMPANIES_PAGE;
    rows.truncate(COMPANIES_PAGE as usize);
    Ok(CompaniesView {
        counts: counts_view(state.store.board_counts(today).await?),
        rows: rows
            .into_iter()
            .map(|r| {
                let a = r.company.agreement(today);
                CompanyRowView {
                    id: r.company.id,
                    name: r.company.name,
                    vat: r.company.vat,
                    agreement: agreement_label(lang, a).to_owned(),
                    agreement_code: a.code().to_owned(),
                    open_positions: r.open_positions,
                    next_due: r.next_due.map(|d| day(lang, d)),
                }
            })
            .collect(),
        page,
        has_next,
        comuni: comune_choices(&state),
        form: form_state(&state, "company:new").await,
    })
}

fn territory_codes(state: &AppState) -> Vec<&str> {
    state
        .territory
        .comuni
        .iter()
        .map(|c| c.istat_code.as_str())
        .collect()
}

pub async fn create_company(f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CreateCompany>()?;
    let lang = crate::request_lang();
    let details = CompanyDetails::from_form(&f);
    let site = Site::from_form(&f, &territory_codes(&state));
    let (details, site) = match (details, site) {
        (Ok(d), Ok(s)) => (d, s),
        (d, s) => {
            let mut ps = d.err().unwrap_or_default();
            ps.extend(s.err().unwrap_or_default());
            keep_form(&state, "company:new", &f, &problems_of(lang, &ps)).await?;
            leptos_axum::redirect("/staff/companies?e=form#new-company");
            return Ok(());
        }
    };
    match state
        .store
        .create_company(&details, &site, me.id, now())
        .await
    {
        Ok(id) => {
            clear_form(&state, "company:new").await?;
            leptos_axum::redirect(&format!("/staff/company/{id}?ok=created"));
        }
        Err(CompanyError::VatTaken) => {
            keep_form(
                &state,
                "company:new",
                &f,
                &problems_of(lang, &[Problem::VatTaken]),
            )
            .await?;
            leptos_axum::redirect("/staff/companies?e=form#new-company");
        }
        Err(CompanyError::EmailTaken) => return Err(AppError::Conflict),
        Err(CompanyError::Store(e)) => return Err(e.into()),
    }
    Ok(())
}

fn agreement_view(lang: Lang, c: &Company, today: NaiveDate) -> AgreementView {
    let a = c.agreement(today);
    let d = |v: Option<NaiveDate>| v.map(|x| day(lang, x));
    AgreementView {
        code: a.code().to_owned(),
        label: agreement_label(lang, a).to_owned(),
        proposed_on: d(c.agreement_proposed_on),
        signed_on: d(c.agreement_signed_on),
        signatory: c.agreement_signatory.clone(),
        expires_on: d(c.agreement_expires_on),
        ended_on: d(c.agreement_ended_on),
        document_id: c.agreement_document_id,
    }
}

pub async fn load_company(id: i64) -> Result<CompanyView, AppError> {
    let state = state()?;
    let me = require::<LoadCompany>()?;
    let lang = crate::request_lang();
    let today = today();
    let c = state.store.company(id).await?;
    let sites = state.store.sites_of(id).await?;
    let mut forms = BTreeMap::new();
    for name in ["details", "site", "contact", "log", "agreement", "position"] {
        let f = form_state(&state, &format!("company:{id}:{name}")).await;
        if !f.values.is_empty() {
            forms.insert(name.to_owned(), f);
        }
    }
    state
        .store
        .audit(
            Some(me.id),
            "company_opened",
            None,
            &format!("company:{id}"),
            now(),
        )
        .await?;
    Ok(CompanyView {
        id,
        name: c.name.clone(),
        vat: c.vat.clone(),
        ateco: c.ateco.clone(),
        size: size_label(lang, c.size).to_owned(),
        size_code: c.size.code().to_owned(),
        agreement: agreement_view(lang, &c, today),
        sites: sites
            .iter()
            .map(|s| SiteView {
                id: s.id,
                comune: comune_name(&state, &s.comune),
                address: s.address.clone(),
            })
            .collect(),
        contacts: state
            .store
            .contacts_of(id)
            .await?
            .into_iter()
            .filter(|c| c.active)
            .map(|c| ContactView {
                id: c.staff_id,
                name: c.name,
                email: c.email,
                phone: c.phone,
                job_title: c.job_title,
            })
            .collect(),
        log: state
            .store
            .log_of(id)
            .await?
            .into_iter()
            .map(|l| LogView {
                kind: kind_label(lang, l.kind).to_owned(),
                on: day(lang, l.on),
                by: l.by,
                summary: l.summary,
                next_step: l.next_step,
                next_due: l.next_due.map(|d| day(lang, d)),
                done: l.done,
            })
            .collect(),
        documents: state
            .store
            .documents_of(id)
            .await?
            .into_iter()
            .map(|d| DocumentView {
                id: d.id,
                uploaded: day_of(lang, d.uploaded_at),
                kilobytes: (d.bytes + 1023) / 1024,
            })
            .collect(),
        positions: state
            .store
            .positions(Some(id))
            .await?
            .iter()
            .map(|r| position_summary(lang, &state, r))
            .collect(),
        comuni: comune_choices(&state),
        forms,
        today: today.format("%Y-%m-%d").to_string(),
    })
}

fn company_page(id: i64, query: &str) -> String {
    format!("/staff/company/{id}?{query}")
}

pub async fn update_company(id: i64, f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<UpdateCompany>()?;
    let lang = crate::request_lang();
    let form = format!("company:{id}:details");
    let details = match CompanyDetails::from_form(&f) {
        Ok(d) => d,
        Err(ps) => {
            keep_form(&state, &form, &f, &problems_of(lang, &ps)).await?;
            leptos_axum::redirect(&company_page(id, "e=form#details"));
            return Ok(());
        }
    };
    match state.store.update_company(id, &details, me.id, now()).await {
        Ok(()) => {
            clear_form(&state, &form).await?;
            leptos_axum::redirect(&company_page(id, "ok=details#details"));
        }
        Err(CompanyError::VatTaken) => {
            keep_form(&state, &form, &f, &problems_of(lang, &[Problem::VatTaken])).await?;
            leptos_axum::redirect(&company_page(id, "e=form#details"));
        }
        Err(CompanyError::EmailTaken) => return Err(AppError::Conflict),
        Err(CompanyError::Store(e)) => return Err(e.into()),
    }
    Ok(())
}

pub async fn add_company_site(id: i64, f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<AddCompanySite>()?;
    let lang = crate::request_lang();
    let form = format!("company:{id}:site");
    state.store.company(id).await?;
    match Site::from_form(&f, &territory_codes(&state)) {
        Ok(site) => {
            state.store.add_site(id, &site, me.id, now()).await?;
            clear_form(&state, &form).await?;
            leptos_axum::redirect(&company_page(id, "ok=site#sites"));
        }
        Err(ps) => {
            keep_form(&state, &form, &f, &problems_of(lang, &ps)).await?;
            leptos_axum::redirect(&company_page(id, "e=form#sites"));
        }
    }
    Ok(())
}

pub async fn add_company_contact(id: i64, f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<AddCompanyContact>()?;
    let lang = crate::request_lang();
    let form = format!("company:{id}:contact");
    state.store.company(id).await?;
    let person = match ContactPerson::from_form(&f) {
        Ok(p) => p,
        Err(ps) => {
            keep_form(&state, &form, &f, &problems_of(lang, &ps)).await?;
            leptos_axum::redirect(&company_page(id, "e=form#contacts"));
            return Ok(());
        }
    };
    match state
        .store
        .add_company_contact(id, &person, me.id, now())
        .await
    {
        Ok(_) => {
            clear_form(&state, &form).await?;
            leptos_axum::redirect(&company_page(id, "ok=contact#contacts"));
        }
        Err(CompanyError::EmailTaken) => {
            keep_form(
                &state,
                &form,
                &f,
                &[(
                    "email".to_owned(),
                    lang.t(Key::board_err_email_taken).to_owned(),
                )],
            )
            .await?;
            leptos_axum::redirect(&company_page(id, "e=form#contacts"));
        }
        Err(CompanyError::VatTaken) => return Err(AppError::Conflict),
        Err(CompanyError::Store(e)) => return Err(e.into()),
    }
    Ok(())
}

/// Creates a one-time sign-in link for the contact with `email` and queues the email with it.
/// Nothing happens, and nothing says so, when no active contact has that address.
pub async fn mail_company_link(state: &AppState, email: &str) -> Result<bool, AppError> {
    let token = tokens::status_token();
    let Some(contact) = state
        .store
        .create_company_link(email, &tokens::hash(&token), now() + LINK_MINUTES * 60)
        .await?
    else {
        return Ok(false);
    };
    let lang = Lang::default();
    let link = format!(
        "{}/company/link/{token}",
        state.config.public_base_url.trim_end_matches('/')
    );
    let body = lang.tf(
        Key::company_link_email_body,
        &[
            ("name", &contact.name),
            ("link", &link),
            ("minutes", &LINK_MINUTES.to_string()),
        ],
    );
    state
        .store
        .enqueue_message(
            &NewMessage {
                channel: crate::storage::Channel::Email,
                recipient: contact.email,
                subject: lang.t(Key::company_link_email_subject).to_owned(),
                body,
                calendar: None,
            },
            now(),
        )
        .await?;
    Ok(true)
}

pub async fn send_company_link(id: i64, contact: i64) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<SendCompanyLink>()?;
    let person = state
        .store
        .contact_by_account(contact)
        .await?
        .filter(|c| c.company_id == id && c.active)
        .ok_or(AppError::NotFound)?;
    mail_company_link(&state, &person.email).await?;
    state
        .store
        .audit(
            Some(me.id),
            "company_link_sent",
            None,
            &format!("company:{id}"),
            now(),
        )
        .await?;
    leptos_axum::redirect(&company_page(id, "ok=link#contacts"));
    Ok(())
}

pub async fn log_company_contact(id: i64, f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<LogCompanyContact>()?;
    let lang = crate::request_lang();
    let form = format!("company:{id}:log");
    state.store.company(id).await?;
    match LogEntry::from_form(&f, today()) {
        Ok(entry) => {
            state.store.add_log_entry(id, me.id, &entry, now()).await?;
            clear_form(&state, &form).await?;
            leptos_axum::redirect(&company_page(id, "ok=log#log"));
        }
        Err(ps) => {
            keep_form(&state, &form, &f, &problems_of(lang, &ps)).await?;
            leptos_axum::redirect(&company_page(id, "e=form#log"));
        }
    }
    Ok(())
}

pub async fn change_agreement(id: i64, step: String) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<ChangeAgreement>()?;
    let result = match step.as_str() {
        "propose" => {
            state
                .store
                .propose_agreement(id, today(), me.id, now())
                .await
        }
        "end" => state.store.end_agreement(id, today(), me.id, now()).await,
        _ => return Err(AppError::BadRequest),
    };
    match result {
        Ok(()) => leptos_axum::redirect(&company_page(id, "ok=agreement#agreement")),
        Err(StoreError::NotFound) => {
            state.store.company(id).await?;
            leptos_axum::redirect(&company_page(id, "e=agreement#agreement"));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Reads and stores a position posted by the secretariat or by the company; `Err` holds the
/// problems, already kept for the form.
pub async fn new_position(
    state: &AppState,
    company_id: i64,
    f: &BTreeMap<String, String>,
    form: &str,
    by: i64,
) -> Result<Result<i64, ()>, AppError> {
    let lang = crate::request_lang();
    let sites = state.store.sites_of(company_id).await?;
    let ids: Vec<i64> = sites.iter().map(|s| s.id).collect();
    match PositionDetails::from_form(f, &ids, today()) {
        Ok(details) => {
            let comune = sites
                .iter()
                .find(|s| s.id == details.site_id)
                .map(|s| s.comune.clone())
                .unwrap_or_default();
            let id = state
                .store
                .create_position(company_id, &details, &comune, by, now())
                .await?;
            clear_form(state, form).await?;
            Ok(Ok(id))
        }
        Err(ps) => {
            keep_form(state, form, f, &problems_of(lang, &ps)).await?;
            Ok(Err(()))
        }
    }
}

pub async fn create_position(id: i64, f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CreatePosition>()?;
    state.store.company(id).await?;
    match new_position(&state, id, &f, &format!("company:{id}:position"), me.id).await? {
        Ok(pid) => leptos_axum::redirect(&format!("/staff/position/{pid}?ok=created")),
        Err(()) => leptos_axum::redirect(&company_page(id, "e=form#new-position")),
    }
    Ok(())
}

pub async fn close_position(id: i64) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<ClosePosition>()?;
    state.store.position(id).await?;
    state.store.close_position(id, me.id, now()).await?;
    leptos_axum::redirect(&format!("/staff/position/{id}?ok=closed"));
    Ok(())
}

fn skills_text(lang: Lang, mask: u32) -> String {
    opts_text(lang, SKILLS, mask)
}

fn opts_text(lang: Lang, catalogue: &'static [Opt], mask: u32) -> String {
    values_of(catalogue, mask)
        .iter()
        .map(|o| lang.t(o.label))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The explanation of a match, line by line, in the reader's language.
pub fn why(lang: Lang, m: &Match) -> Vec<WhyView> {
    let mut out = Vec::new();
    let mut line = |good: bool, text: String| out.push(WhyView { good, text });
    for r in &m.reasons {
        match r {
            Reason::RequiredSkills { have, missing } => {
                if *have != 0 {
                    line(
                        true,
                        lang.tf(
                            Key::why_has_skills,
                            &[("skills", &skills_text(lang, *have))],
                        ),
                    );
                }
                if *missing != 0 {
                    line(
                        false,
                        lang.tf(
                            Key::why_missing_skills,
                            &[("skills", &skills_text(lang, *missing))],
                        ),
                    );
                }
            }
            Reason::DesiredSkills { have, missing } => {
                if *have != 0 {
                    line(
                        true,
                        lang.tf(
                            Key::why_has_desired,
                            &[("skills", &skills_text(lang, *have))],
                        ),
                    );
                }
                if *missing != 0 {
                    line(
                        false,
                        lang.tf(
                            Key::why_missing_desired,
                            &[("skills", &skills_text(lang, *missing))],
                        ),
                    );
                }
            }
            Reason::SectorInterest => line(true, lang.t(Key::why_sector_interest).to_owned()),
            Reason::SectorExperience => line(true, lang.t(Key::why_sector_experience).to_owned()),
            Reason::SectorNew => line(false, lang.t(Key::why_sector_new).to_owned()),
            Reason::Distance { km, .. } if *km < 0.5 => {
                line(true, lang.t(Key::why_same_comune).to_owned())
            }
            Reason::Distance { km, max_km } => line(
                true,
                lang.tf(
                    Key::why_distance,
                    &[("km", &format!("{km:.0}")), ("max", &max_km.to_string())],
                ),
            ),
            Reason::DistanceUnknown => line(false, lang.t(Key::why_distance_unknown).to_owned()),
            Reason::HoursFit => line(true, lang.t(Key::why_hours_fit).to_owned()),
            Reason::HoursDiffer { .. } => line(false, lang.t(Key::why_hours_differ).to_owned()),
            Reason::Shifts { fit, missing } => {
                if *missing != 0 {
                    line(
                        false,
                        lang.tf(
                            Key::why_shifts_missing,
                            &[("shifts", &opts_text(lang, SHIFTS, *missing))],
                        ),
                    );
                } else if *fit != 0 {
                    line(true, lang.t(Key::why_shifts_fit).to_owned());
                }
            }
            Reason::Italian { has, needs } => {
                if *needs > 0 {
                    line(
                        true,
                        lang.tf(
                            Key::why_italian,
                            &[
                                ("has", matching::italian_code(*has)),
                                ("needs", matching::italian_code(*needs)),
                            ],
                        ),
                    );
                }
            }
            Reason::Licence => line(true, lang.t(Key::why_licence).to_owned()),
            Reason::Vehicle => line(true, lang.t(Key::why_vehicle).to_owned()),
            Reason::Readiness(r) => line(
                true,
                lang.t(match r {
                    matching::Readiness::InPath => Key::why_in_path,
                    matching::Readiness::Assessed => Key::why_assessed,
                })
                .to_owned(),
            ),
        }
    }
    out
}

fn exclusion_label(lang: Lang, e: &Exclusion) -> &'static str {
    lang.t(match e {
        Exclusion::NoLicence => Key::excluded_licence,
        Exclusion::NoVehicle => Key::excluded_vehicle,
        Exclusion::Italian { .. } => Key::excluded_italian,
        Exclusion::TooFar { .. } => Key::excluded_distance,
    })
}

/// A ranking: the best [`RANKED`] pairs, how many were considered, and how many of those were
/// farther than the person travels.
pub struct Ranking<T> {
    pub best: Vec<(T, Match)>,
    pub considered: i64,
    pub too_far: i64,
}

fn ranking<T>(scored: Vec<(T, Match)>, id: impl Fn(&T) -> i64) -> Ranking<T> {
    let considered = scored.len() as i64;
    let too_far = scored
        .iter()
        .filter(|(_, m)| {
            m.excluded
                .iter()
                .any(|e| matches!(e, Exclusion::TooFar { .. }))
        })
        .count() as i64;
    Ranking {
        best: top(scored, RANKED, id),
        considered,
        too_far,
    }
}

/// Ranks the candidates for a position. Those without the language, licence or vehicle it needs
/// are left out by the store; distance is checked here, where the comuni's places are known.
pub async fn rank_candidates(
    store: &crate::storage::Store,
    territory: &crate::domain::territory::Territory,
    needs: &crate::domain::matching::Needs,
) -> Result<Ranking<Candidate>, StoreError> {
    let scored = store
        .candidates_for(needs)
        .await?
        .into_iter()
        .map(|c| {
            let m = score(&c, needs, territory.km_between(&c.comune, &needs.comune));
            (c, m)
        })
        .collect();
    Ok(ranking(scored, |c| c.applicant_id))
}

/// Ranks the positions open on `today` for a candidate.
pub async fn rank_positions(
    store: &crate::storage::Store,
    territory: &crate::domain::territory::Territory,
    c: &Candidate,
    today: NaiveDate,
) -> Result<Ranking<crate::domain::matching::Needs>, StoreError> {
    let scored = store
        .open_needs(today)
        .await?
        .into_iter()
        .map(|n| {
            let m = score(c, &n, territory.km_between(&c.comune, &n.comune));
            (n, m)
        })
        .collect();
    Ok(ranking(scored, |n| n.position_id))
}

pub async fn load_position(id: i64) -> Result<PositionView, AppError> {
    let state = state()?;
    let me = require::<LoadPosition>()?;
    let lang = crate::request_lang();
    let t = now();
    let p = state.store.position(id).await?;
    let days = state.config.proposal_reminder_days;
    let proposals = state.store.proposals_for_position(id).await?;
    let proposed: Vec<i64> = proposals.iter().map(|x| x.applicant_id).collect();
    let Ranking {
        best: ranked,
        considered,
        too_far,
    } = rank_candidates(&state.store, &state.territory, &p.needs()).await?;
    let names = state
        .store
        .applicant_names(
            &ranked
                .iter()
                .map(|(c, _)| c.applicant_id)
                .collect::<Vec<_>>(),
        )
        .await?;
    let matches = ranked
        .iter()
        .map(|(c, m)| {
            let (reference, name, share) = names
                .iter()
                .find(|n| n.0 == c.applicant_id)
                .map(|n| (n.1.clone(), n.2.clone(), n.3.clone()))
                .unwrap_or_default();
            CandidateMatchView {
                applicant_id: c.applicant_id,
                reference,
                name,
                comune: comune_name(&state, &c.comune),
                score: m.score,
                why: why(lang, m),
                proposed: proposed.contains(&c.applicant_id),
                shared: share != "none",
            }
        })
        .collect();
    let moves = state.store.moves_for_position(id).await?;
    let columns = Stage::ALL
        .into_iter()
        .map(|s| {
            (
                s.code().to_owned(),
                stage_label(lang, s).to_owned(),
                proposals
                    .iter()
                    .filter(|x| x.stage == s)
                    .map(|x| ProposalView {
                        history: moves
                            .iter()
                            .filter(|(p, _)| *p == x.id)
                            .map(|(_, m)| history_line(lang, m))
                            .collect(),
                        ..proposal_view(lang, x, t, days, Mover::Secretariat)
                    })
                    .collect(),
            )
        })
        .collect();
    state
        .store
        .audit(
            Some(me.id),
            "position_opened",
            None,
            &format!("position:{id}"),
            t,
        )
        .await?;
    Ok(PositionView {
        id,
        title: p.details.title.clone(),
        company_id: p.company_id,
        company: p.company_name.clone(),
        site: format!("{}, {}", p.address, comune_name(&state, &p.comune)),
        open: p.open,
        accepts: p.accepts_candidates(today()),
        facts: position_facts(lang, &p),
        description: p.details.description.clone(),
        columns,
        matches,
        excluded: if too_far > 0 {
            vec![(
                exclusion_label(lang, &Exclusion::TooFar { km: 0.0, max_km: 0 }).to_owned(),
                too_far,
            )]
        } else {
            Vec::new()
        },
        considered,
        reasons: reasons(lang),
        contracts: contracts(lang),
        hire_form: form_state(&state, &format!("position:{id}:hire")).await,
    })
}

/// The position's terms as (label, value) lines, for staff and companies alike.
pub fn position_facts(lang: Lang, p: &PositionRecord) -> Vec<(String, String)> {
    let d = &p.details;
    let list = |catalogue: &'static [Opt], values: &[String]| {
        let text = catalogue
            .iter()
            .filter(|o| values.iter().any(|v| v == o.value))
            .map(|o| lang.t(o.label))
            .collect::<Vec<_>>()
            .join(", ");
        if text.is_empty() {
            "—".to_owned()
        } else {
            text
        }
    };
    let yes_no = |b: bool| {
        lang.t(if b { Key::opt_yes } else { Key::opt_no })
            .to_owned()
    };
    vec![
        (
            lang.t(Key::position_occupation).to_owned(),
            if d.occupation.is_empty() {
                "—".to_owned()
            } else {
                d.occupation.clone()
            },
        ),
        (
            lang.t(Key::position_sector).to_owned(),
            list(SECTORS, std::slice::from_ref(&d.sector)),
        ),
        (
            lang.t(Key::position_required).to_owned(),
            list(SKILLS, &d.required_skills),
        ),
        (
            lang.t(Key::position_desired).to_owned(),
            list(SKILLS, &d.desired_skills),
        ),
        (
            lang.t(Key::position_hours).to_owned(),
            d.weekly_hours.to_string(),
        ),
        (
            lang.t(Key::position_shifts).to_owned(),
            list(SHIFTS, &d.shifts),
        ),
        (
            lang.t(Key::position_contract).to_owned(),
            contract_label(lang, d.contract).to_owned(),
        ),
        (
            lang.t(Key::position_italian).to_owned(),
            if d.italian == "none" {
                "—".to_owned()
            } else {
                d.italian.clone()
            },
        ),
        (lang.t(Key::position_licence).to_owned(), yes_no(d.licence)),
        (lang.t(Key::position_vehicle).to_owned(), yes_no(d.vehicle)),
        (
            lang.t(Key::position_accessible).to_owned(),
            yes_no(d.accessible),
        ),
        (
            lang.t(Key::position_openings).to_owned(),
            d.openings.to_string(),
        ),
        (
            lang.t(Key::position_closes).to_owned(),
            day(lang, d.closes_on),
        ),
    ]
}

pub async fn propose_candidate(
    position: i64,
    applicant: i64,
    back: String,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<ProposeCandidate>()?;
    let page = if back == "case" {
        format!("/staff/case/{applicant}")
    } else {
        format!("/staff/position/{position}")
    };
    let anchor = "#board";
    let p = state.store.position(position).await?;
    let score_now = match state.store.match_profile(applicant).await? {
        Some((c, true)) => {
            let needs = p.needs();
            score(
                &c,
                &needs,
                state.territory.km_between(&c.comune, &needs.comune),
            )
            .score
        }
        _ => {
            leptos_axum::redirect(&format!("{page}?e=not_available{anchor}"));
            return Ok(());
        }
    };
    let code = match state
        .store
        .propose(position, applicant, score_now, me.id, today(), now())
        .await
    {
        Ok(_) => "ok=proposed",
        Err(BoardError::PositionClosed) => "e=position_closed",
        Err(BoardError::AlreadyProposed) => "e=already_proposed",
        Err(BoardError::NotAvailable) => "e=not_available",
        Err(BoardError::Store(e)) => return Err(e.into()),
        Err(_) => "e=not_allowed",
    };
    leptos_axum::redirect(&format!("{page}?{code}{anchor}"));
    Ok(())
}

/// What the candidate is told when they reach `to` (nothing for stages that do not concern them).
pub fn candidate_messages(
    state: &AppState,
    m: &Moved,
    to: Stage,
    reason: Option<NotSelectedReason>,
) -> Vec<NewMessage> {
    if !to.tells_candidate() {
        return Vec::new();
    }
    let lang = Lang::from_code(&m.language).unwrap_or_default();
    let phone = state.config.referral.phone.clone();
    let args: [(&str, &str); 4] = [
        ("name", &m.first_name),
        ("position", &m.position_title),
        ("company", &m.company_name),
        ("phone", &phone),
    ];
    let body = match to {
        Stage::Sent => lang.tf(Key::board_msg_sent, &args),
        Stage::Interview => lang.tf(Key::board_msg_interview, &args),
        Stage::Traineeship => lang.tf(Key::board_msg_traineeship, &args),
        Stage::Hired => lang.tf(Key::board_msg_hired, &args),
        Stage::NotSelected => {
            let kind = lang.t(match reason {
                Some(NotSelectedReason::PositionFilled) => Key::board_kind_filled,
                Some(NotSelectedReason::CandidateDeclined) => Key::board_kind_declined,
                _ => Key::board_kind_general,
            });
            format!("{}\n\n{kind}", lang.tf(Key::board_msg_not_selected, &args))
        }
        Stage::Proposed => return Vec::new(),
    };
    NewMessage::to_person(
        m.mobile.as_deref(),
        m.email.as_deref(),
        lang.t(Key::board_msg_subject),
        &body,
        None,
    )
}

pub fn board_error_code(e: &BoardError) -> &'static str {
    match e {
        BoardError::PositionClosed => "position_closed",
        BoardError::AlreadyProposed => "already_proposed",
        BoardError::NotAvailable => "not_available",
        BoardError::NotShared => "not_shared",
        BoardError::Changed(_) => "changed",
        BoardError::NotAllowed => "not_allowed",
        BoardError::Case(_) => "case_state",
        BoardError::Store(_) => "store",
    }
}

/// Applies one move for `mover` and tells the candidate; the page code of the outcome.
pub async fn apply_move(
    state: &AppState,
    proposal: i64,
    from: &str,
    to: &str,
    reason: &str,
    mover: Mover,
    by: i64,
) -> Result<String, AppError> {
    let (Some(from), Some(to)) = (Stage::from_code(from.trim()), Stage::from_code(to.trim()))
    else {
        return Ok("e=not_allowed".to_owned());
    };
    let reason = NotSelectedReason::from_code(reason.trim());
    if to == Stage::NotSelected && reason.is_none() {
        return Ok("e=reason".to_owned());
    }
    let reason = reason.filter(|_| to == Stage::NotSelected);
    match state
        .store
        .move_proposal(proposal, from, to, reason, mover, by, today(), now())
        .await
    {
        Ok(moved) => {
            for m in candidate_messages(state, &moved, to, reason) {
                state.store.enqueue_message(&m, now()).await?;
            }
            Ok("ok=moved".to_owned())
        }
        Err(BoardError::Store(e)) => Err(e.into()),
        Err(e) => Ok(format!("e={}", board_error_code(&e))),
    }
}

pub async fn move_candidate(
    proposal: i64,
    from: String,
    to: String,
    reason: String,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<MoveCandidate>()?;
    let p = state.store.proposal(proposal).await?;
    let code = apply_move(
        &state,
        proposal,
        &from,
        &to,
        &reason,
        Mover::Secretariat,
        me.id,
    )
    .await?;
    leptos_axum::redirect(&format!("/staff/position/{}?{code}#board", p.position_id));
    Ok(())
}

pub fn placement_problems(lang: Lang, ps: &[PlacementProblem]) -> Vec<(String, String)> {
    ps.iter()
        .map(|p| {
            (
                p.field().to_owned(),
                lang.t(match p {
                    PlacementProblem::Contract => Key::err_required,
                    PlacementProblem::Start => Key::hire_err_start,
                    PlacementProblem::Hours => Key::hire_err_hours,
                })
                .to_owned(),
            )
        })
        .collect()
}

/// Records a hire for `mover`; the page code of the outcome.
pub async fn apply_hire(
    state: &AppState,
    proposal: i64,
    from: &str,
    f: &BTreeMap<String, String>,
    form: &str,
    mover: Mover,
    by: i64,
) -> Result<String, AppError> {
    let lang = crate::request_lang();
    let Some(from) = Stage::from_code(from.trim()) else {
        return Ok("e=not_allowed".to_owned());
    };
    let mut values = f.clone();
    values.insert("proposal".into(), proposal.to_string());
    let placement = match Placement::parse(
        f.get("contract").map(String::as_str).unwrap_or(""),
        f.get("start").map(String::as_str).unwrap_or(""),
        f.get("hours").map(String::as_str).unwrap_or(""),
        today(),
    ) {
        Ok(p) => p,
        Err(ps) => {
            keep_form(state, form, &values, &placement_problems(lang, &ps)).await?;
            return Ok("e=hire".to_owned());
        }
    };
    match state
        .store
        .hire(proposal, from, &placement, mover, by, now())
        .await
    {
        Ok(moved) => {
            clear_form(state, form).await?;
            for m in candidate_messages(state, &moved, Stage::Hired, None) {
                state.store.enqueue_message(&m, now()).await?;
            }
            Ok("ok=hired".to_owned())
        }
        Err(BoardError::Store(e)) => Err(e.into()),
        Err(e) => Ok(format!("e={}", board_error_code(&e))),
    }
}

pub async fn record_hire(
    proposal: i64,
    from: String,
    f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<RecordHire>()?;
    let p = state.store.proposal(proposal).await?;
    let form = format!("position:{}:hire", p.position_id);
    let code = apply_hire(
        &state,
        proposal,
        &from,
        &f,
        &form,
        Mover::Secretariat,
        me.id,
    )
    .await?;
    leptos_axum::redirect(&format!("/staff/position/{}?{code}#board", p.position_id));
    Ok(())
}

fn follow_up_view(lang: Lang, f: &crate::storage::FollowUpRow, today: NaiveDate) -> FollowUpView {
    FollowUpView {
        id: f.id,
        applicant_id: f.applicant_id,
        reference: f.reference.clone(),
        name: f.name.clone(),
        months: f.months,
        due: day(lang, f.due_on),
        done: f.done,
        overdue: !f.done && f.due_on < today,
        note: f.note.clone(),
    }
}

pub async fn load_case_board(applicant_id: i64) -> Result<CaseBoardView, AppError> {
    let state = state()?;
    let me = require::<LoadCaseBoard>()?;
    let lang = crate::request_lang();
    let t = now();
    let today = today();
    let days = state.config.proposal_reminder_days;
    let share = state.store.share_level(applicant_id).await?;
    let proposals = state.store.proposals_of_applicant(applicant_id).await?;
    let proposed: Vec<i64> = proposals.iter().map(|p| p.position_id).collect();
    let profile = state.store.match_profile(applicant_id).await?;
    let matchable = profile.as_ref().is_some_and(|(_, active)| *active);
    let positions = match profile {
        Some((c, true)) => {
            let best = rank_positions(&state.store, &state.territory, &c, today)
                .await?
                .best;
            let mut out = Vec::new();
            for (n, m) in best {
                let p = state.store.position(n.position_id).await?;
                out.push(PositionMatchView {
                    position_id: p.id,
                    title: p.details.title.clone(),
                    company: p.company_name.clone(),
                    comune: comune_name(&state, &p.comune),
                    score: m.score,
                    why: why(lang, &m),
                    proposed: proposed.contains(&p.id),
                });
            }
            out
        }
        _ => Vec::new(),
    };
    let placements = state
        .store
        .placements_of(applicant_id)
        .await?
        .into_iter()
        .map(|p| PlacementView {
            company: p.company_name,
            position: p.position_title,
            contract: contract_label(lang, p.placement.contract).to_owned(),
            start: day(lang, p.placement.start),
            weekly_hours: p.placement.weekly_hours,
            follow_ups: p
                .follow_ups
                .iter()
                .map(|f| follow_up_view(lang, f, today))
                .collect(),
        })
        .collect();
    Ok(CaseBoardView {
        matchable,
        share,
        may_propose: me.has(Role::Secretariat),
        positions,
        proposals: proposals
            .iter()
            .map(|p| proposal_view(lang, p, t, days, Mover::Secretariat))
            .collect(),
        placements,
    })
}

pub async fn load_follow_ups() -> Result<Vec<FollowUpView>, AppError> {
    let state = state()?;
    let me = require::<LoadFollowUps>()?;
    let lang = crate::request_lang();
    let today = today();
    Ok(state
        .store
        .follow_ups(None, Some(me.id), Some(today + chrono::Duration::days(14)))
        .await?
        .iter()
        .map(|(_, f)| follow_up_view(lang, f, today))
        .collect())
}

pub async fn complete_follow_up(id: i64, note: String, back: String) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CompleteFollowUp>()?;
    let note: String = note.trim().chars().take(2000).collect();
    let applicant = match state
        .store
        .complete_follow_up(id, &note, me.id, now())
        .await
    {
        Ok(a) => a,
        Err(StoreError::NotFound) => {
            leptos_axum::redirect("/staff/follow-ups?e=done");
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    if back == "case" {
        leptos_axum::redirect(&format!("/staff/case/{applicant}?ok=follow_up#board"));
    } else {
        leptos_axum::redirect("/staff/follow-ups?ok=done");
    }
    Ok(())
}

/// Reminds companies of candidates sent to them and left unanswered; run by the background worker.
pub async fn remind_companies(state: &AppState, t: i64) -> Result<usize, StoreError> {
    let days = i64::from(state.config.proposal_reminder_days.max(1));
    let lang = Lang::default();
    let base = state
        .config
        .public_base_url
        .trim_end_matches('/')
        .to_owned();
    state
        .store
        .send_company_reminders(t - days * 86_400, t, |u| {
            let body = lang.tf(
                Key::company_reminder_body,
                &[
                    ("position", &u.position_title),
                    ("reference", &u.reference),
                    ("days", &days.to_string()),
                    ("link", &format!("{base}/company/login")),
                ],
            );
            u.contacts
                .iter()
                .map(|email| NewMessage {
                    channel: crate::storage::Channel::Email,
                    recipient: email.clone(),
                    subject: lang.t(Key::company_reminder_subject).to_owned(),
                    body: body.clone(),
                    calendar: None,
                })
                .collect()
        })
        .await
}
