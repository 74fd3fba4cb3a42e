//! The company portal's pages: sign-in by link, the company's data, positions and candidates.
use super::*;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::forms::{query_value, select_field, text_field, Choice, FormProblems, FormState};
use crate::ui::use_lang;
use crate::ui::{Loading, Problem};
use leptos::either::Either;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Redirect;

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
    let ok = query_value("ok");
    let err = query_value("e");
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
    moves: ServerAction<crate::company_board::MoveCandidate>,
    hire: ServerAction<crate::company_board::RecordHire>,
    logout: ServerAction<CompanySignOut>,
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
    let ok = query_value("ok");
    let err = query_value("e");
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
    let new_position_open = !position_form.problems.is_empty();
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
            <div class="notice" role="alert"><p>{lang.t(crate::company_board::pages::board_error_key(&e))}</p></div>
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
                                <input type="hidden" name="id" value=p.id.to_string()/>
                                <button type="submit">{lang.t(Key::position_close)}</button>
                            </ActionForm>
                        })}
                    </article>
                }
            }).collect_view()}
        </section>
        <crate::traineeships::pages::CompanyTrainees/>
        // The long form for a new position stays folded on a phone until it is wanted (or came
        // back with something to correct).
        <details id="new-position" class="section" open=new_position_open>
            <summary><h2>{lang.t(Key::position_new)}</h2></summary>
            <ActionForm action=a.post attr:novalidate=true>
                <crate::company_board::pages::PositionFields form=position_form sites=sites/>
                <div class="actions"><button type="submit" class="primary">{lang.t(Key::position_post)}</button></div>
            </ActionForm>
        </details>
        <section id="company">
            <h2>{lang.t(Key::portal_company_data)}</h2>
            <p>{lang.t(Key::company_vat)} ": " <span dir="ltr">{v.vat.clone()}</span></p>
            <ActionForm action=a.company attr:novalidate=true attr:class="narrow">
                <FormProblems form=company_form.clone()/>
                {text_field(&company_form, "name", lang.t(Key::company_name), "text")}
                {text_field(&company_form, "ateco", lang.t(Key::company_ateco), "text")}
                {select_field(&company_form, "size", lang.t(Key::company_size), crate::company_board::pages::size_choices(lang))}
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
    view! {
        <li class="card candidate" id=format!("p{id}")>
            <h5>{c.label.clone()} " " <span class="stage">{c.stage_label.clone()}</span></h5>
            <p class="muted">{lang.tf(Key::portal_since, &[("date", &c.since)])}</p>
            {c.reason.clone().map(|r| view! { <p>{lang.t(Key::board_reason)} ": " {r}</p> })}
            {c.withdrawn.then(|| view! { <p class="muted">{lang.t(Key::portal_candidate_withdrawn_explain)}</p> })}
            <dl class="facts" hidden=c.withdrawn>
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
                {c.phone.clone().map(|p| view! { <dt>{lang.t(Key::field_mobile)}</dt><dd dir="ltr"><a href=format!("tel:{p}")>{crate::domain::contact::format_phone(&p)}</a></dd> })}
                {c.email.clone().map(|e| view! { <dt>{lang.t(Key::field_email)}</dt><dd dir="ltr">{e}</dd> })}
            </dl>
            {(!c.withdrawn && c.phone.is_none() && c.email.is_none()).then(|| view! { <p class="muted">{lang.t(Key::portal_contacts_via_secretariat)}</p> })}
            {crate::company_board::pages::proposal_moves(crate::company_board::pages::ProposalMoves {
                id,
                from,
                moves: c.moves.clone(),
                moves_action: a.moves,
                hire_action: a.hire,
                reasons,
                contracts,
                hire_form,
                primary: true,
            })}
        </li>
    }
}
