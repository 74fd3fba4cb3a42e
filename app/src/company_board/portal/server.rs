//! The server half of the company portal.
use super::*;
use crate::company_board::server::{
    contracts, mail_company_link, new_position, position_facts, problems_of, reason_label, reasons,
    site_views, stage_label,
};
use crate::domain::board::Mover;
use crate::domain::catalogue::{SECTORS, SKILLS};
use crate::domain::company::{is_phone, CompanyDetails, Problem as FormProblem};
use crate::domain::ids::{CompanyId, PositionId, ProposalId, StaffId};
use crate::domain::questionnaire::{Answers, Opt, HOURS, SHIFTS};
use crate::domain::staff::normalize_email;
use crate::i18n::Key;
use crate::i18n::Lang;
use crate::storage::{ContactRow, StaffAccount};
use crate::ui::forms::{clear_form, keep_form, saved_forms};
use crate::web::access::{caller, require};
use crate::web::ctx::{request_headers, set_cookie};
use crate::web::places::comune_name;
use crate::web::time::now;
use crate::web::{lang::cookie, state, tokens, AppState};

/// The caller's company contact record: every portal function starts here.
async fn me<F: leptos::server_fn::ServerFn>(
    state: &AppState,
) -> Result<(StaffAccount, ContactRow), AppError> {
    let account = require::<F>()?;
    let contact = me_of(state, &account).await?;
    Ok((account, contact))
}

/// The active contact record of a company account.
pub(crate) async fn me_of(
    state: &AppState,
    account: &StaffAccount,
) -> Result<ContactRow, AppError> {
    state
        .store
        .contact_by_account(account.id)
        .await?
        .filter(|c| c.active)
        .ok_or(AppError::Forbidden)
}

pub async fn request_link(email: String) -> Result<(), AppError> {
    let state = state()?;
    // Past the limit nothing is sent, and the answer is the same.
    if let Some(email) = normalize_email(&email) {
        if crate::web::limits::allow(&state, crate::web::limits::Limited::CompanyLink).await? {
            mail_company_link(&state, &email).await?;
        }
    }
    // The same answer whether or not the address is known.
    leptos_axum::redirect("/company/login?ok=sent");
    Ok(())
}

pub async fn sign_out() -> Result<(), AppError> {
    let state = state()?;
    require::<super::CompanySignOut>()?;
    crate::web::session::end(&state, None).await?;
    leptos_axum::redirect("/company/login?ok=out");
    Ok(())
}

pub async fn sign_in() -> Result<(), AppError> {
    let state = state()?;
    let headers = request_headers();
    let Some(token) = cookie(&headers, LINK_COOKIE)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
    else {
        leptos_axum::redirect("/company/login?e=link");
        return Ok(());
    };
    set_cookie(format!(
        "{LINK_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
    ));
    let t = now();
    let Some(account_id) = state
        .store
        .use_company_link(&tokens::hash(&token), t)
        .await?
    else {
        leptos_axum::redirect("/company/login?e=link");
        return Ok(());
    };
    if let Some(old) = caller().session_hash() {
        state.store.delete_session(old).await?;
    }
    let (id, hash) = crate::web::session::new_session_id();
    state
        .store
        .create_session(&hash, account_id, true, &crate::web::session::device(), t)
        .await?;
    crate::web::session::set_session_cookie(&id);
    state
        .store
        .audit(Some(account_id), "company_signed_in", None, "", t)
        .await?;
    leptos_axum::redirect("/company");
    Ok(())
}

fn labels(lang: Lang, catalogue: &'static [Opt], answers: &Answers, name: &str) -> String {
    catalogue
        .iter()
        .filter(|o| answers.has(name, o.value))
        .map(|o| lang.t(o.label))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a company sees of a candidate: never the assessment, the needs or the birth data;
/// names and contacts only when the person chose to share them.
async fn card(
    state: &AppState,
    lang: Lang,
    viewer: StaffId,
    p: &crate::storage::ProposalRow,
) -> Result<CandidateCard, AppError> {
    let moves = p
        .stage
        .next(Mover::Company)
        .into_iter()
        .map(|s| (s.code().to_owned(), stage_label(lang, s).to_owned()))
        .collect();
    let share = state.store.share_level(p.applicant_id).await?;
    if share == "none" {
        // Consent taken back after the candidate was sent: from then on the company sees
        // nothing of the person, not even the name or reference it saw before.
        return Ok(CandidateCard {
            proposal_id: p.id,
            stage: p.stage,
            stage_label: stage_label(lang, p.stage).to_owned(),
            since: crate::web::time::date_text(lang, p.stage_at),
            label: lang.t(Key::portal_candidate_withdrawn).to_owned(),
            withdrawn: true,
            comune: String::new(),
            skills: String::new(),
            sectors: String::new(),
            jobs: Vec::new(),
            italian: String::new(),
            hours: String::new(),
            shifts: String::new(),
            licence: false,
            vehicle: false,
            phone: None,
            email: None,
            reason: p.reason.map(|r| reason_label(lang, r).to_owned()),
            moves,
        });
    }
    let record = state.store.case_record(p.applicant_id).await?;
    state
        .store
        .audit(
            Some(viewer),
            "candidate_shown_to_company",
            Some(p.applicant_id),
            &format!("proposal:{}", p.id),
            now(),
        )
        .await?;
    let answers: Answers = crate::storage::read_stored("answers", &record.answers_json)?;
    let contacts = share == "contacts";
    let jobs = ["job1", "job2"]
        .iter()
        .filter(|j| !answers.get(&format!("{j}_role")).is_empty())
        .map(|j| {
            let sector = SECTORS
                .iter()
                .find(|o| o.value == answers.get(&format!("{j}_sector")))
                .map(|o| lang.t(o.label))
                .unwrap_or_default();
            lang.tf(
                Key::portal_job,
                &[
                    ("role", answers.get(&format!("{j}_role"))),
                    ("sector", sector),
                    ("years", answers.get(&format!("{j}_years"))),
                ],
            )
        })
        .collect();
    let assessment = match state.store.latest_assessment(p.applicant_id).await? {
        Some((_, _, json)) => Some(crate::storage::read_stored::<
            crate::domain::assessment::Assessment,
        >("assessment", &json)?),
        None => None,
    };
    let italian = assessment
        .map(|a| a.italian)
        .filter(|i| !i.is_empty())
        .unwrap_or_else(|| answers.get("italian").to_owned());
    Ok(CandidateCard {
        proposal_id: p.id,
        stage: p.stage,
        stage_label: stage_label(lang, p.stage).to_owned(),
        since: crate::web::time::date_text(lang, p.stage_at),
        label: if contacts {
            format!("{} {}", record.first_name, record.last_name)
        } else {
            format!("{} ({})", record.first_name, record.reference)
        },
        withdrawn: false,
        comune: comune_name(state, &record.comune_istat),
        skills: labels(lang, SKILLS, &answers, "skills"),
        sectors: labels(lang, SECTORS, &answers, "sectors"),
        jobs,
        italian: crate::domain::position::ITALIAN_LEVELS
            .iter()
            .find(|o| o.value == italian)
            .map(|o| lang.t(o.label).to_owned())
            .unwrap_or_else(|| "—".to_owned()),
        hours: labels(lang, HOURS, &answers, "hours"),
        shifts: labels(lang, SHIFTS, &answers, "shifts"),
        licence: matches!(answers.get("licence"), "B" | "C"),
        vehicle: answers.get("vehicle") == "yes",
        phone: record.mobile.filter(|_| contacts),
        email: record.email.filter(|_| contacts),
        reason: p.reason.map(|r| reason_label(lang, r).to_owned()),
        moves,
    })
}

pub async fn load() -> Result<PortalView, AppError> {
    let state = state()?;
    let (account, contact) = me::<LoadPortal>(&state).await?;
    let lang = crate::ui::request_lang();
    let company = state.store.company(contact.company_id).await?;
    let sites = state.store.sites_of(company.id).await?;
    let mut positions = Vec::new();
    for row in state.store.positions(Some(company.id)).await? {
        let p = row.position;
        let mut candidates = Vec::new();
        for proposal in state.store.proposals_for_position(p.id).await? {
            if proposal.stage.visible_to_company() {
                candidates.push(card(&state, lang, account.id, &proposal).await?);
            }
        }
        positions.push(PortalPosition {
            id: p.id,
            title: p.details.title.clone(),
            site: format!("{}, {}", p.address, comune_name(&state, &p.comune)),
            closes_on: crate::i18n::format_date(lang, p.details.closes_on),
            open: p.open,
            facts: position_facts(lang, &p),
            candidates,
        });
    }
    let forms = saved_forms(&state, "portal", &["company", "me", "position", "hire"]).await;
    state
        .store
        .audit(
            Some(account.id),
            "portal_opened",
            None,
            &format!("company:{}", company.id),
            now(),
        )
        .await?;
    Ok(PortalView {
        company: company.name.clone(),
        vat: company.vat.clone(),
        ateco: company.ateco.clone(),
        size: company.size.code().to_owned(),
        me_name: contact.name.clone(),
        me_phone: contact.phone.clone(),
        me_job_title: contact.job_title.clone(),
        sites: site_views(&state, &sites),
        positions,
        reasons: reasons(lang),
        contracts: contracts(lang),
        forms,
    })
}

pub async fn update_company(mut f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let (account, contact) = me::<UpdateMyCompany>(&state).await?;
    let lang = crate::ui::request_lang();
    let company = state.store.company(contact.company_id).await?;
    // The VAT number identifies the company: only the secretariat changes it.
    f.insert("vat".into(), company.vat.clone());
    match CompanyDetails::from_form(&f) {
        Ok(d) => {
            state
                .store
                .update_company(company.id, &d, account.id, now())
                .await
                .map_err(|_| AppError::Unavailable)?;
            clear_form(&state, "portal:company").await?;
            leptos_axum::redirect("/company?ok=company#company");
        }
        Err(ps) => {
            keep_form(&state, "portal:company", &f, &problems_of(lang, &ps)).await?;
            leptos_axum::redirect("/company?e=form#company");
        }
    }
    Ok(())
}

pub async fn update_me(f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let (account, _) = me::<UpdateMyDetails>(&state).await?;
    let lang = crate::ui::request_lang();
    let get = |k: &str| f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let (name, phone, job_title) = (get("name"), get("phone"), get("job_title"));
    let mut ps = Vec::new();
    if name.is_empty() {
        ps.push(FormProblem::Required("name"));
    } else if name.chars().count() > 120 {
        ps.push(FormProblem::TooLong("name"));
    }
    if !phone.is_empty() && !is_phone(&phone) {
        ps.push(FormProblem::Phone);
    }
    if job_title.chars().count() > 120 {
        ps.push(FormProblem::TooLong("job_title"));
    }
    if !ps.is_empty() {
        keep_form(&state, "portal:me", &f, &problems_of(lang, &ps)).await?;
        leptos_axum::redirect("/company?e=form#me");
        return Ok(());
    }
    state
        .store
        .update_contact_details(account.id, &name, &phone, &job_title)
        .await?;
    clear_form(&state, "portal:me").await?;
    leptos_axum::redirect("/company?ok=me#me");
    Ok(())
}

pub async fn post_position(f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let (account, contact) = me::<PostPosition>(&state).await?;
    match new_position(
        &state,
        contact.company_id,
        &f,
        "portal:position",
        account.id,
    )
    .await?
    {
        Ok(_) => leptos_axum::redirect("/company?ok=position#positions"),
        Err(()) => leptos_axum::redirect("/company?e=form#new-position"),
    }
    Ok(())
}

/// The position, if it is the caller's company's; any other is "not found".
async fn own_position(
    state: &AppState,
    company_id: CompanyId,
    id: PositionId,
) -> Result<(), AppError> {
    let p = state.store.position(id).await?;
    if p.company_id == company_id {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn close_position(id: PositionId) -> Result<(), AppError> {
    let state = state()?;
    let (account, contact) = me::<CloseMyPosition>(&state).await?;
    own_position(&state, contact.company_id, id).await?;
    state.store.close_position(id, account.id, now()).await?;
    leptos_axum::redirect("/company?ok=closed#positions");
    Ok(())
}

/// The proposal, if it is for the caller's company and was sent to it.
pub(crate) async fn own_proposal(
    state: &AppState,
    company_id: CompanyId,
    id: ProposalId,
) -> Result<(), AppError> {
    let p = state.store.proposal(id).await?;
    if p.company_id == company_id && p.stage.visible_to_company() {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
