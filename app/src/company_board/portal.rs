//! The company portal: a company's contact people sign in with a one-time link, keep their company's
//! data current, post and close positions, and answer for the candidates sent to them. They see only
//! their own company, only candidates sent to it, and of each only what the person agreed to share.
use super::pages::{select_field, text_field, FormProblems};
use super::{Choice, FormState, SiteView};
use crate::domain::board::Stage;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::{Loading, Problem};
use crate::use_lang;
use leptos::either::Either;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const LINK_COOKIE: &str = "insieme_company_link";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateCard {
    pub proposal_id: i64,
    pub stage: Stage,
    pub stage_label: String,
    pub since: String,
    /// The full name when the person shared their contacts, else first name and reference.
    pub label: String,
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
    pub id: i64,
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

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::company_board::server::{
        apply_hire, apply_move, clear_form, comune_name, contracts, day, day_of, form_state,
        keep_form, mail_company_link, new_position, position_facts, problems_of, reason_label,
        reasons, stage_label,
    };
    use crate::domain::board::Mover;
    use crate::domain::catalogue::{SECTORS, SKILLS};
    use crate::domain::company::{is_phone, CompanyDetails, Problem as FormProblem};
    use crate::domain::questionnaire::{Answers, Opt, HOURS, SHIFTS};
    use crate::domain::staff::normalize_email;
    use crate::i18n::Lang;
    use crate::staff::access::{caller, require};
    use crate::storage::{ContactRow, StaffAccount};
    use crate::web::ctx::{now, request_headers, set_cookie};
    use crate::web::{lang::cookie, state, tokens, AppState};

    /// The caller's company contact record: every portal function starts here.
    async fn me<F: leptos::server_fn::ServerFn>(
        state: &AppState,
    ) -> Result<(StaffAccount, ContactRow), AppError> {
        let account = require::<F>()?;
        let contact = state
            .store
            .contact_by_account(account.id)
            .await?
            .filter(|c| c.active)
            .ok_or(AppError::Forbidden)?;
        Ok((account, contact))
    }

    pub async fn request_link(email: String) -> Result<(), AppError> {
        let state = state()?;
        if let Some(email) = normalize_email(&email) {
            mail_company_link(&state, &email).await?;
        }
        // The same answer whether or not the address is known.
        leptos_axum::redirect("/company/login?ok=sent");
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
        let (id, hash) = crate::staff::server::new_session_id();
        state
            .store
            .create_session(&hash, account_id, true, t)
            .await?;
        crate::staff::server::set_session_cookie(&state, &id);
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
        viewer: i64,
        p: &crate::storage::ProposalRow,
    ) -> Result<CandidateCard, AppError> {
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
        let share = state.store.share_level(p.applicant_id).await?;
        let answers: Answers = serde_json::from_str(&record.answers_json).unwrap_or_default();
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
        let italian = state
            .store
            .latest_assessment(p.applicant_id)
            .await?
            .and_then(|(_, _, json)| {
                serde_json::from_str::<crate::domain::assessment::Assessment>(&json).ok()
            })
            .map(|a| a.italian)
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| answers.get("italian").to_owned());
        Ok(CandidateCard {
            proposal_id: p.id,
            stage: p.stage,
            stage_label: stage_label(lang, p.stage).to_owned(),
            since: day_of(lang, p.stage_at),
            label: if contacts {
                format!("{} {}", record.first_name, record.last_name)
            } else {
                format!("{} ({})", record.first_name, record.reference)
            },
            comune: comune_name(state, &record.comune_istat),
            skills: labels(lang, SKILLS, &answers, "skills"),
            sectors: labels(lang, SECTORS, &answers, "sectors"),
            jobs,
            italian: if italian == "none" {
                "—".to_owned()
            } else {
                italian
            },
            hours: labels(lang, HOURS, &answers, "hours"),
            shifts: labels(lang, SHIFTS, &answers, "shifts"),
            licence: matches!(answers.get("licence"), "B" | "C"),
            vehicle: answers.get("vehicle") == "yes",
            phone: record.mobile.filter(|_| contacts),
            email: record.email.filter(|_| contacts),
            reason: p.reason.map(|r| reason_label(lang, r).to_owned()),
            moves: p
                .stage
                .next(Mover::Company)
                .into_iter()
                .map(|s| (s.code().to_owned(), stage_label(lang, s).to_owned()))
                .collect(),
        })
    }

    pub async fn load() -> Result<PortalView, AppError> {
        let state = state()?;
        let (account, contact) = me::<LoadPortal>(&state).await?;
        let lang = crate::request_lang();
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
                closes_on: day(lang, p.details.closes_on),
                open: p.open,
                facts: position_facts(lang, &p),
                candidates,
            });
        }
        let mut forms = BTreeMap::new();
        for name in ["company", "me", "position", "hire"] {
            let f = form_state(&state, &format!("portal:{name}")).await;
            if !f.values.is_empty() {
                forms.insert(name.to_owned(), f);
            }
        }
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
            sites: sites
                .iter()
                .map(|s| SiteView {
                    id: s.id,
                    comune: comune_name(&state, &s.comune),
                    address: s.address.clone(),
                })
                .collect(),
            positions,
            reasons: reasons(lang),
            contracts: contracts(lang),
            forms,
        })
    }

    pub async fn update_company(mut f: BTreeMap<String, String>) -> Result<(), AppError> {
        let state = state()?;
        let (account, contact) = me::<UpdateMyCompany>(&state).await?;
        let lang = crate::request_lang();
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
        let lang = crate::request_lang();
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
    async fn own_position(state: &AppState, company_id: i64, id: i64) -> Result<(), AppError> {
        let p = state.store.position(id).await?;
        if p.company_id == company_id {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    pub async fn close_position(id: i64) -> Result<(), AppError> {
        let state = state()?;
        let (account, contact) = me::<CloseMyPosition>(&state).await?;
        own_position(&state, contact.company_id, id).await?;
        state.store.close_position(id, account.id, now()).await?;
        leptos_axum::redirect("/company?ok=closed#positions");
        Ok(())
    }

    /// The proposal, if it is for the caller's company and was sent to it.
    async fn own_proposal(state: &AppState, company_id: i64, id: i64) -> Result<(), AppError> {
        let p = state.store.proposal(id).await?;
        if p.company_id == company_id && p.stage.visible_to_company() {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    pub async fn move_candidate(
        proposal: i64,
        from: String,
        to: String,
        reason: String,
    ) -> Result<(), AppError> {
        let state = state()?;
        let (account, contact) = me::<CompanyMove>(&state).await?;
        own_proposal(&state, contact.company_id, proposal).await?;
        let code = apply_move(
            &state,
            proposal,
            &from,
            &to,
            &reason,
            Mover::Company,
            account.id,
        )
        .await?;
        leptos_axum::redirect(&format!("/company?{code}#p{proposal}"));
        Ok(())
    }

    pub async fn hire(
        proposal: i64,
        from: String,
        f: BTreeMap<String, String>,
    ) -> Result<(), AppError> {
        let state = state()?;
        let (account, contact) = me::<CompanyHire>(&state).await?;
        own_proposal(&state, contact.company_id, proposal).await?;
        let code = apply_hire(
            &state,
            proposal,
            &from,
            &f,
            "portal:hire",
            Mover::Company,
            account.id,
        )
        .await?;
        leptos_axum::redirect(&format!("/company?{code}#p{proposal}"));
        Ok(())
    }
}

#[server(prefix = "/api", endpoint = "request_company_link")]
pub async fn request_company_link(#[server(default)] email: String) -> Result<(), AppError> {
    ssr::request_link(email).await
}

#[server(prefix = "/api", endpoint = "company_sign_in")]
pub async fn company_sign_in() -> Result<(), AppError> {
    ssr::sign_in().await
}

#[server(prefix = "/api", endpoint = "load_portal")]
pub async fn load_portal() -> Result<PortalView, AppError> {
    ssr::load().await
}

#[server(prefix = "/api", endpoint = "update_my_company")]
pub async fn update_my_company(
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    ssr::update_company(f).await
}

#[server(prefix = "/api", endpoint = "update_my_details")]
pub async fn update_my_details(
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    ssr::update_me(f).await
}

#[server(prefix = "/api", endpoint = "post_position")]
pub async fn post_position(#[server(default)] f: BTreeMap<String, String>) -> Result<(), AppError> {
    ssr::post_position(f).await
}

#[server(prefix = "/api", endpoint = "close_my_position")]
pub async fn close_my_position(id: i64) -> Result<(), AppError> {
    ssr::close_position(id).await
}

#[server(prefix = "/api", endpoint = "company_move")]
pub async fn company_move(
    proposal: i64,
    from: String,
    to: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    ssr::move_candidate(proposal, from, to, reason).await
}

#[server(prefix = "/api", endpoint = "company_hire")]
pub async fn company_hire(
    proposal: i64,
    from: String,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    ssr::hire(proposal, from, f).await
}

fn notice_key(ok: &str) -> Option<Key> {
    Some(match ok {
        "sent" => Key::portal_link_sent,
        "out" => Key::login_logged_out,
        "company" | "me" => Key::portal_saved,
        "position" => Key::portal_position_posted,
        "closed" => Key::position_closed_done,
        "moved" => Key::board_moved,
        "hired" => Key::board_hired_done,
        _ => return None,
    })
}

#[component]
pub fn CompanyLoginPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<RequestCompanyLink>::new();
    let ok = crate::staff::pages::query_value("ok");
    let err = crate::staff::pages::query_value("e");
    view! {
        <h1>{lang.t(Key::portal_login_title)}</h1>
        {move || ok.get().and_then(|o| notice_key(&o)).map(|k| view! {
            <div class="notice success" role="status"><p>{lang.t(k)}</p></div>
        })}
        {move || (err.get().as_deref() == Some("link")).then(|| view! {
            <div class="notice" role="alert"><p>{lang.t(Key::portal_link_invalid)}</p></div>
        })}
        <p class="lead">{lang.t(Key::portal_login_intro)}</p>
        <ActionForm action=action attr:class="narrow">
            <div class="field">
                <label for="f-email">{lang.t(Key::field_email)}</label>
                <input id="f-email" name="email" type="email" autocomplete="email" required dir="ltr"/>
            </div>
            <div class="actions">
                <button type="submit" class="primary">{lang.t(Key::portal_send_link)}</button>
            </div>
        </ActionForm>
    }
}

/// Where the link from the email lands: one button, so that a mail scanner following the link
/// cannot spend it.
#[component]
pub fn CompanySignInPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<CompanySignIn>::new();
    view! {
        <h1>{lang.t(Key::portal_login_title)}</h1>
        <p class="lead">{lang.t(Key::portal_signin_intro)}</p>
        <ActionForm action=action attr:class="narrow">
            <div class="actions">
                <button type="submit" class="primary">{lang.t(Key::portal_signin_button)}</button>
            </div>
        </ActionForm>
    }
}

#[derive(Clone, Copy)]
struct PortalActions {
    company: ServerAction<UpdateMyCompany>,
    me: ServerAction<UpdateMyDetails>,
    post: ServerAction<PostPosition>,
    close: ServerAction<CloseMyPosition>,
    moves: ServerAction<CompanyMove>,
    hire: ServerAction<CompanyHire>,
    logout: ServerAction<crate::staff::StaffLogout>,
}

#[component]
pub fn PortalPage() -> impl IntoView {
    let actions = PortalActions {
        company: ServerAction::new(),
        me: ServerAction::new(),
        post: ServerAction::new(),
        close: ServerAction::new(),
        moves: ServerAction::new(),
        hire: ServerAction::new(),
        logout: ServerAction::new(),
    };
    let location = leptos_router::hooks::use_location();
    let data = Resource::new(
        move || {
            (
                location.search.get(),
                actions.company.version().get(),
                actions.me.version().get(),
                actions.post.version().get(),
                actions.close.version().get(),
                actions.moves.version().get(),
                actions.hire.version().get(),
            )
        },
        |_| load_portal(),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(portal_view(v, actions)),
                    Err(AppError::SignedOut | AppError::Forbidden) => {
                        Either::Right(view! { <Redirect path="/company/login"/> }.into_any())
                    }
                    Err(e) => Either::Right(view! { <Problem error=e/> }.into_any()),
                }
            })}
        </Transition>
    }
}

fn portal_view(v: PortalView, a: PortalActions) -> impl IntoView {
    let lang = use_lang();
    let ok = crate::staff::pages::query_value("ok");
    let err = crate::staff::pages::query_value("e");
    let company_form = v
        .forms
        .get("company")
        .cloned()
        .unwrap_or_else(|| FormState {
            values: [
                ("name".to_owned(), v.company.clone()),
                ("ateco".to_owned(), v.ateco.clone()),
                ("size".to_owned(), v.size.clone()),
            ]
            .into_iter()
            .collect(),
            problems: Vec::new(),
            scope: String::new(),
        })
        .scoped("company");
    let me_form = v
        .forms
        .get("me")
        .cloned()
        .unwrap_or_else(|| FormState {
            values: [
                ("name".to_owned(), v.me_name.clone()),
                ("phone".to_owned(), v.me_phone.clone()),
                ("job_title".to_owned(), v.me_job_title.clone()),
            ]
            .into_iter()
            .collect(),
            problems: Vec::new(),
            scope: String::new(),
        })
        .scoped("me");
    let position_form = v
        .forms
        .get("position")
        .cloned()
        .unwrap_or_default()
        .scoped("position");
    let hire_form = v.forms.get("hire").cloned().unwrap_or_default();
    let sites: Vec<Choice> = v
        .sites
        .iter()
        .map(|s| Choice {
            value: s.id.to_string(),
            label: format!("{}, {}", s.address, s.comune),
        })
        .collect();
    let reasons = v.reasons.clone();
    let contracts = v.contracts.clone();
    view! {
        <div class="portal-head">
            <h1>{v.company.clone()}</h1>
            <ActionForm action=a.logout attr:class="inline">
                <button type="submit" class="link">{lang.t(Key::logout)}</button>
            </ActionForm>
        </div>
        {move || ok.get().and_then(|o| notice_key(&o)).map(|k| view! {
            <div class="notice success" role="status"><p>{lang.t(k)}</p></div>
        })}
        {move || err.get().filter(|e| e != "form").map(|e| view! {
            <div class="notice" role="alert"><p>{lang.t(super::pages::board_error_key(&e))}</p></div>
        })}
        <section id="positions">
            <h2>{lang.t(Key::portal_positions)}</h2>
            {v.positions.is_empty().then(|| view! { <p>{lang.t(Key::portal_no_positions)}</p> })}
            {v.positions.into_iter().map(|p| {
                let reasons = reasons.clone();
                let contracts = contracts.clone();
                let hire_form = hire_form.clone();
                view! {
                    <article class="card position" id=format!("position-{}", p.id)>
                        <h3>{p.title.clone()}</h3>
                        <p>{p.site.clone()} " · " {lang.tf(Key::portal_closes, &[("date", &p.closes_on)])}
                            {(!p.open).then(|| view! { " · " <strong>{lang.t(Key::position_closed)}</strong> })}
                        </p>
                        <details>
                            <summary>{lang.t(Key::portal_position_terms)}</summary>
                            <dl class="facts">
                                {p.facts.iter().map(|(k, val)| view! { <dt>{k.clone()}</dt><dd>{val.clone()}</dd> }).collect_view()}
                            </dl>
                        </details>
                        <h4>{lang.t(Key::portal_candidates)}</h4>
                        {p.candidates.is_empty().then(|| view! { <p>{lang.t(Key::portal_no_candidates)}</p> })}
                        <ul class="candidates">
                            {p.candidates.into_iter().map(|c| candidate_card(c, a, reasons.clone(), contracts.clone(), hire_form.clone())).collect_view()}
                        </ul>
                        {p.open.then(|| view! {
                            <ActionForm action=a.close attr:class="inline">
                                <input type="hidden" name="id" value=p.id/>
                                <button type="submit">{lang.t(Key::position_close)}</button>
                            </ActionForm>
                        })}
                    </article>
                }
            }).collect_view()}
        </section>
        <section id="new-position">
            <h2>{lang.t(Key::position_new)}</h2>
            <ActionForm action=a.post attr:novalidate=true>
                <super::pages::PositionFields form=position_form sites=sites/>
                <div class="actions"><button type="submit" class="primary">{lang.t(Key::position_post)}</button></div>
            </ActionForm>
        </section>
        <section id="company">
            <h2>{lang.t(Key::portal_company_data)}</h2>
            <p>{lang.t(Key::company_vat)} ": " <span dir="ltr">{v.vat.clone()}</span></p>
            <ActionForm action=a.company attr:novalidate=true attr:class="narrow">
                <FormProblems form=company_form.clone()/>
                {text_field(&company_form, "name", lang.t(Key::company_name), "text")}
                {text_field(&company_form, "ateco", lang.t(Key::company_ateco), "text")}
                {select_field(&company_form, "size", lang.t(Key::company_size), super::pages::size_choices(lang))}
                <div class="actions"><button type="submit">{lang.t(Key::save)}</button></div>
            </ActionForm>
            <h3>{lang.t(Key::company_sites)}</h3>
            <ul>{v.sites.iter().map(|s| view! { <li>{s.address.clone()} ", " {s.comune.clone()}</li> }).collect_view()}</ul>
        </section>
        <section id="me">
            <h2>{lang.t(Key::portal_me)}</h2>
            <ActionForm action=a.me attr:novalidate=true attr:class="narrow">
                <FormProblems form=me_form.clone()/>
                {text_field(&me_form, "name", lang.t(Key::contact_name), "text")}
                {text_field(&me_form, "phone", lang.t(Key::contact_phone), "tel")}
                {text_field(&me_form, "job_title", lang.t(Key::contact_job_title), "text")}
                <div class="actions"><button type="submit">{lang.t(Key::save)}</button></div>
            </ActionForm>
        </section>
    }
}

fn candidate_card(
    c: CandidateCard,
    a: PortalActions,
    reasons: Vec<Choice>,
    contracts: Vec<Choice>,
    hire_form: FormState,
) -> impl IntoView {
    let lang = use_lang();
    let id = c.proposal_id;
    let from = c.stage.code().to_owned();
    let (simple_moves, may_hire, may_decline) = super::pages::split_moves(&c.moves);
    let hire_form = super::pages::hire_form_of(&hire_form, id);
    view! {
        <li class="card candidate" id=format!("p{id}")>
            <h5>{c.label.clone()} " " <span class="stage">{c.stage_label.clone()}</span></h5>
            <p class="muted">{lang.tf(Key::portal_since, &[("date", &c.since)])}</p>
            {c.reason.clone().map(|r| view! { <p>{lang.t(Key::board_reason)} ": " {r}</p> })}
            <dl class="facts">
                <dt>{lang.t(Key::portal_comune)}</dt><dd>{c.comune.clone()}</dd>
                <dt>{lang.t(Key::portal_skills)}</dt><dd>{c.skills.clone()}</dd>
                <dt>{lang.t(Key::portal_sectors)}</dt><dd>{c.sectors.clone()}</dd>
                <dt>{lang.t(Key::portal_experience)}</dt>
                <dd>{if c.jobs.is_empty() { "—".to_owned() } else { c.jobs.join("; ") }}</dd>
                <dt>{lang.t(Key::portal_italian)}</dt><dd>{c.italian.clone()}</dd>
                <dt>{lang.t(Key::portal_hours)}</dt><dd>{c.hours.clone()}</dd>
                <dt>{lang.t(Key::portal_shifts)}</dt><dd>{c.shifts.clone()}</dd>
                <dt>{lang.t(Key::position_licence)}</dt><dd>{lang.t(if c.licence { Key::opt_yes } else { Key::opt_no })}</dd>
                <dt>{lang.t(Key::position_vehicle)}</dt><dd>{lang.t(if c.vehicle { Key::opt_yes } else { Key::opt_no })}</dd>
                {c.phone.clone().map(|p| view! { <dt>{lang.t(Key::field_mobile)}</dt><dd dir="ltr"><a href=format!("tel:{p}")>{p.clone()}</a></dd> })}
                {c.email.clone().map(|e| view! { <dt>{lang.t(Key::field_email)}</dt><dd dir="ltr">{e}</dd> })}
            </dl>
            {(c.phone.is_none() && c.email.is_none()).then(|| view! { <p class="muted">{lang.t(Key::portal_contacts_via_secretariat)}</p> })}
            <div class="moves">
                {simple_moves.into_iter().map(|(to, label)| {
                    let from = from.clone();
                    view! {
                        <ActionForm action=a.moves attr:class="inline">
                            <input type="hidden" name="proposal" value=id/>
                            <input type="hidden" name="from" value=from/>
                            <input type="hidden" name="to" value=to/>
                            <button type="submit" class="primary">{lang.tf(Key::board_move_to, &[("stage", &label)])}</button>
                        </ActionForm>
                    }
                }).collect_view()}
            </div>
            {may_hire.then(|| {
                let from = from.clone();
                let open = !hire_form.problems.is_empty();
                view! {
                    <details open=open>
                        <summary>{lang.t(Key::hire_record)}</summary>
                        <ActionForm action=a.hire attr:novalidate=true>
                            <super::pages::HireFields id=id from=from form=hire_form.clone() contracts=contracts.clone()/>
                        </ActionForm>
                    </details>
                }
            })}
            {may_decline.then(|| {
                let from = from.clone();
                view! {
                    <details>
                        <summary>{lang.t(Key::board_not_selected_record)}</summary>
                        <ActionForm action=a.moves>
                            {super::pages::decline_fields(id, from, &reasons)}
                        </ActionForm>
                    </details>
                }
            })}
        </li>
    }
}
