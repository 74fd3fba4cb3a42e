//! The registry: companies, their sites and contacts, sign-in links for the portal, the relationship log and the agreement.
use super::*;
use crate::domain::ids::{CompanyId, StaffId};

pub async fn load_companies(q: String, page: String) -> Result<CompaniesView, AppError> {
    let state = state()?;
    require::<LoadCompanies>()?;
    let lang = crate::ui::request_lang();
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
                    next_due: r.next_due.map(|d| format_date(lang, d)),
                }
            })
            .collect(),
        page,
        has_next,
        comuni: comune_choices(&state),
        form: form_state(&state, "company:new").await,
    })
}

pub(crate) fn territory_codes(state: &AppState) -> Vec<&str> {
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
    let lang = crate::ui::request_lang();
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

pub(crate) fn agreement_view(lang: Lang, c: &Company, today: NaiveDate) -> AgreementView {
    let a = c.agreement(today);
    let d = |v: Option<NaiveDate>| v.map(|x| format_date(lang, x));
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

pub async fn load_company(id: CompanyId) -> Result<CompanyView, AppError> {
    let state = state()?;
    let me = require::<LoadCompany>()?;
    let lang = crate::ui::request_lang();
    let today = today();
    let c = state.store.company(id).await?;
    let sites = state.store.sites_of(id).await?;
    let forms = saved_forms(
        &state,
        &format!("company:{id}"),
        &["details", "site", "contact", "log", "agreement", "position"],
    )
    .await;
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
        sites: site_views(&state, &sites),
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
                on: format_date(lang, l.on),
                by: l.by,
                summary: l.summary,
                next_step: l.next_step,
                next_due: l.next_due.map(|d| format_date(lang, d)),
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
                uploaded: date_text(lang, d.uploaded_at),
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

pub(crate) fn company_page(id: CompanyId, query: &str) -> String {
    format!("/staff/company/{id}?{query}")
}

pub async fn update_company(id: CompanyId, f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<UpdateCompany>()?;
    let lang = crate::ui::request_lang();
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

pub async fn add_company_site(id: CompanyId, f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<AddCompanySite>()?;
    let lang = crate::ui::request_lang();
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

pub async fn add_company_contact(
    id: CompanyId,
    f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<AddCompanyContact>()?;
    let lang = crate::ui::request_lang();
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

pub async fn send_company_link(id: CompanyId, contact: StaffId) -> Result<(), AppError> {
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

pub async fn log_company_contact(
    id: CompanyId,
    f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<LogCompanyContact>()?;
    let lang = crate::ui::request_lang();
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

pub async fn change_agreement(id: CompanyId, step: String) -> Result<(), AppError> {
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
