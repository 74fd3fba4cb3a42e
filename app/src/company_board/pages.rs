//! Staff pages of the company board: the board, the company registry, a company, a position with
//! its candidates, the board section of a case, and a professional's follow-ups.
use super::*;
use crate::domain::catalogue::{SECTORS, SKILLS};
use crate::domain::company::{ContactKind, Size};
use crate::domain::ids::{ApplicantId, CompanyId, PositionId, ProposalId};
use crate::domain::position::REQUIRED_ITALIAN;
use crate::domain::questionnaire::{Opt, SHIFTS};
use crate::i18n::{Key, Lang};
use crate::ui::forms::{
    area_field, check_field, checks_field, id_param, query_value, select_field, text_field, Choice,
    FormProblems, FormState, StaffProblem,
};
use crate::ui::use_lang;
use crate::ui::Count;
use crate::ui::Loading;
use leptos::either::Either;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The message of a board error code carried back in the address (`?e=…`).
pub fn board_error_key(code: &str) -> Key {
    match code {
        "position_closed" => Key::board_err_position_closed,
        "already_proposed" => Key::board_err_already_proposed,
        "not_available" => Key::board_err_not_available,
        "not_shared" => Key::board_err_not_shared,
        "changed" => Key::board_err_changed,
        "reason" => Key::board_err_reason,
        "case_state" => Key::board_err_case_state,
        "hire" => Key::board_err_hire,
        "agreement" => Key::board_err_agreement,
        "done" => Key::follow_up_err_done,
        _ => Key::board_err_not_allowed,
    }
}

fn ok_key(code: &str) -> Option<Key> {
    Some(match code {
        "created" => Key::board_saved,
        "details" | "site" | "contact" | "log" | "agreement" => Key::board_saved,
        "link" => Key::company_link_sent,
        "signed" => Key::agreement_signed_done,
        "proposed" => Key::board_proposed_done,
        "moved" => Key::board_moved,
        "hired" => Key::board_hired_done,
        "closed" => Key::position_closed_done,
        "follow_up" | "done" => Key::follow_up_done,
        _ => return None,
    })
}

/// The success or error notice of the address's `ok` / `e`.
#[component]
fn Notices() -> impl IntoView {
    let lang = use_lang();
    let ok = query_value("ok");
    let err = query_value("e");
    view! {
        {move || ok.get().and_then(|o| ok_key(&o)).map(|k| view! {
            <div class="notice success" role="status"><p>{lang.t(k)}</p></div>
        })}
        {move || err.get().filter(|e| e != "form").map(|e| view! {
            <div class="notice" role="alert"><p>{lang.t(board_error_key(&e))}</p></div>
        })}
    }
}

pub fn size_choices(lang: Lang) -> Vec<Choice> {
    Size::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.code().to_owned(),
            label: lang
                .t(match s {
                    Size::Micro => Key::size_micro,
                    Size::Small => Key::size_small,
                    Size::Medium => Key::size_medium,
                    Size::Large => Key::size_large,
                })
                .to_owned(),
        })
        .collect()
}

fn opt_choices(lang: Lang, opts: &[Opt]) -> Vec<Choice> {
    opts.iter()
        .map(|o| Choice {
            value: o.value.to_owned(),
            label: lang.t(o.label).to_owned(),
        })
        .collect()
}

/// The fields of a new position, for the secretariat and the company portal alike.
#[component]
pub fn PositionFields(form: FormState, sites: Vec<Choice>) -> impl IntoView {
    let lang = use_lang();
    let contracts = crate::domain::board::Contract::ALL
        .into_iter()
        .map(|c| Choice {
            value: c.code().to_owned(),
            label: lang
                .t(match c {
                    crate::domain::board::Contract::Apprenticeship => Key::contract_apprenticeship,
                    crate::domain::board::Contract::FixedTerm => Key::contract_fixed_term,
                    crate::domain::board::Contract::Permanent => Key::contract_permanent,
                    crate::domain::board::Contract::Traineeship => Key::contract_traineeship,
                })
                .to_owned(),
        })
        .collect();
    view! {
        <FormProblems form=form.clone()/>
        {text_field(&form, "title", lang.t(Key::position_title), "text")}
        {text_field(&form, "occupation", lang.t(Key::position_occupation), "text")}
        {select_field(&form, "site", lang.t(Key::position_site), sites)}
        {select_field(&form, "sector", lang.t(Key::position_sector), opt_choices(lang, SECTORS))}
        {checks_field(&form, "required", lang.t(Key::position_required), SKILLS)}
        {checks_field(&form, "desired", lang.t(Key::position_desired), SKILLS)}
        {text_field(&form, "weekly_hours", lang.t(Key::position_hours), "number")}
        {checks_field(&form, "shifts", lang.t(Key::position_shifts), SHIFTS)}
        {select_field(&form, "contract", lang.t(Key::position_contract), contracts)}
        {select_field(&form, "italian", lang.t(Key::position_italian), opt_choices(lang, REQUIRED_ITALIAN))}
        {check_field(&form, "licence", lang.t(Key::position_licence))}
        {check_field(&form, "vehicle", lang.t(Key::position_vehicle))}
        {check_field(&form, "accessible", lang.t(Key::position_accessible))}
        {text_field(&form, "openings", lang.t(Key::position_openings), "number")}
        {text_field(&form, "closes_on", lang.t(Key::position_closes), "date")}
        {area_field(&form, "description", lang.t(Key::position_description))}
    }
}

/// The moves a card offers as plain buttons, and whether it offers a hire and a refusal (which
/// have forms of their own).
pub fn split_moves(moves: &[(String, String)]) -> (Vec<(String, String)>, bool, bool) {
    let simple = moves
        .iter()
        .filter(|(s, _)| s != "hired" && s != "not_selected")
        .cloned()
        .collect();
    let has = |stage: &str| moves.iter().any(|(s, _)| s == stage);
    (simple, has("hired"), has("not_selected"))
}

/// The refused hire form, when it was this proposal's.
pub fn hire_form_of(form: &FormState, proposal: ProposalId) -> FormState {
    if form.value("proposal") == proposal.to_string() {
        form.clone()
    } else {
        FormState::default()
    }
}

/// The body of the hire form of proposal `id` at stage `from`: contract, start date and hours.
#[component]
pub fn HireFields(
    id: ProposalId,
    from: String,
    form: FormState,
    contracts: Vec<Choice>,
) -> impl IntoView {
    let lang = use_lang();
    let prefix = format!("h{id}");
    let err = |n: &str| form.problem(n);
    let current = form.value("contract");
    view! {
        <div class="field" class:invalid=err("contract").is_some()>
            <label for=format!("f-{prefix}-contract")>{lang.t(Key::position_contract)}</label>
            {err("contract").map(|e| view! { <p class="error">{e}</p> })}
            <select id=format!("f-{prefix}-contract") name="f[contract]">
                <option value="">{lang.t(Key::choose)}</option>
                {contracts.into_iter().map(|c| {
                    let selected = c.value == current;
                    view! { <option value=c.value selected=selected>{c.label}</option> }
                }).collect_view()}
            </select>
        </div>
        <div class="field" class:invalid=err("start").is_some()>
            <label for=format!("f-{prefix}-start")>{lang.t(Key::hire_start)}</label>
            {err("start").map(|e| view! { <p class="error">{e}</p> })}
            <input id=format!("f-{prefix}-start") name="f[start]" type="date" dir="ltr" value=form.value("start")/>
        </div>
        <div class="field" class:invalid=err("hours").is_some()>
            <label for=format!("f-{prefix}-hours")>{lang.t(Key::position_hours)}</label>
            {err("hours").map(|e| view! { <p class="error">{e}</p> })}
            <input id=format!("f-{prefix}-hours") name="f[hours]" type="number" min="1" max="48" dir="ltr" class="short" value=form.value("hours")/>
        </div>
        <input type="hidden" name="proposal" value=id.to_string()/>
        <input type="hidden" name="from" value=from/>
        <div class="actions"><button type="submit" class="primary">{lang.t(Key::hire_button)}</button></div>
    }
}

fn counts_strip(lang: Lang, c: &CountsView) -> impl IntoView {
    view! {
        <ul class="bands counts" aria-label=lang.t(Key::board_counts)>
            <li class="band"><Count key=Key::board_count_involved n=c.involved/></li>
            <li class="band ok"><Count key=Key::board_count_signed n=c.in_force/></li>
            <li class="band soon"><Count key=Key::board_count_expiring n=c.expiring/></li>
            <li class="band"><Count key=Key::board_count_proposed n=c.proposed/></li>
        </ul>
    }
}

fn position_table(
    lang: Lang,
    positions: Vec<PositionSummary>,
    show_company: bool,
) -> impl IntoView {
    view! {
        <table class="queue">
            <thead><tr>
                <th scope="col">{lang.t(Key::position_title)}</th>
                {show_company.then(|| view! { <th scope="col">{lang.t(Key::company_name)}</th> })}
                <th scope="col">{lang.t(Key::position_site)}</th>
                <th scope="col">{lang.t(Key::position_closes)}</th>
                <th scope="col">{lang.t(Key::board_candidates)}</th>
            </tr></thead>
            <tbody>
                {positions.into_iter().map(|p| view! {
                    <tr>
                        <td><a href=format!("/staff/position/{}", p.id)>{p.title.clone()}</a>
                            {(!p.open).then(|| view! { " " <span class="tag">{lang.t(Key::position_closed)}</span> })}</td>
                        {show_company.then(|| view! { <td><a href=format!("/staff/company/{}", p.company_id)>{p.company.clone()}</a></td> })}
                        <td>{p.comune.clone()}</td>
                        <td>{p.closes_on.clone()}</td>
                        <td>{p.by_stage.iter().map(|(s, n)| format!("{s}: {n}")).collect::<Vec<_>>().join(" · ")}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn stalled_list(lang: Lang, stalled: Vec<ProposalView>, days: u32) -> impl IntoView {
    view! {
        <section class="card" id="stalled">
            <h2>{lang.t(Key::board_stalled)}</h2>
            <p class="muted">{lang.tf(Key::board_stalled_explain, &[("days", &days.to_string())])}</p>
            {stalled.is_empty().then(|| view! { <p>{lang.t(Key::board_stalled_none)}</p> })}
            <ul>
                {stalled.into_iter().map(|p| view! {
                    <li class="stalled">
                        <a href=format!("/staff/position/{}#board", p.position_id)>{p.position.clone()}</a>
                        " · " {p.company.clone()} " · " {p.name.clone()} " "
                        <span class="ref" dir="ltr">{p.reference.clone()}</span> " · "
                        {lang.tf(Key::board_sent_on, &[("date", &p.since)])}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| load_board());
    view! {
        <h1>{lang.t(Key::board_title)}</h1>
        <p><a href="/staff/companies">{lang.t(Key::companies_title)}</a></p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(view! {
                        {counts_strip(lang, &v.counts)}
                        {stalled_list(lang, v.stalled, v.reminder_days)}
                        <section class="card" id="planned">
                            <h2>{lang.t(Key::board_planned)}</h2>
                            {v.planned.is_empty().then(|| view! { <p>{lang.t(Key::board_planned_none)}</p> })}
                            <ul>
                                {v.planned.into_iter().map(|p| view! {
                                    <li class:overdue=p.overdue>
                                        <strong>{p.due.clone()}</strong>
                                        {p.overdue.then(|| view! { " " <span class="tag late">{lang.t(Key::board_overdue)}</span> })}
                                        " · " <a href=format!("/staff/company/{}#log", p.company_id)>{p.company.clone()}</a>
                                        " · " {p.next_step.clone()}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                        <section>
                            <h2>{lang.t(Key::board_open_positions)}</h2>
                            {position_table(lang, v.positions, true)}
                        </section>
                    }),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn CompaniesPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateCompany>::new();
    let q = query_value("q");
    let page = query_value("page");
    let location = use_location();
    let data = Resource::new(
        move || {
            (
                q.get(),
                page.get(),
                location.search.get(),
                create.version().get(),
            )
        },
        |(q, page, ..)| load_companies(q.unwrap_or_default(), page.unwrap_or_default()),
    );
    view! {
        <h1>{lang.t(Key::companies_title)}</h1>
        <p><a href="/staff/board">{lang.t(Key::board_title)}</a></p>
        <Notices/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(view! {
                        {counts_strip(lang, &v.counts)}
                        <form method="get" action="/staff/companies" class="filters" role="search">
                            <div class="field">
                                <label for="f-q">{lang.t(Key::companies_search)}</label>
                                <input id="f-q" name="q" type="search" value=q.get().unwrap_or_default()/>
                            </div>
                            <button type="submit">{lang.t(Key::queue_filter)}</button>
                        </form>
                        <table class="queue">
                            <thead><tr>
                                <th scope="col">{lang.t(Key::company_name)}</th>
                                <th scope="col">{lang.t(Key::company_vat)}</th>
                                <th scope="col">{lang.t(Key::company_agreement)}</th>
                                <th scope="col">{lang.t(Key::board_open_positions)}</th>
                                <th scope="col">{lang.t(Key::company_next_due)}</th>
                            </tr></thead>
                            <tbody>
                                {v.rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td><a href=format!("/staff/company/{}", r.id)>{r.name.clone()}</a></td>
                                        <td dir="ltr">{r.vat.clone()}</td>
                                        <td><span class=format!("tag agreement-{}", r.agreement_code)>{r.agreement.clone()}</span></td>
                                        <td>{r.open_positions}</td>
                                        <td>{r.next_due.clone().unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <nav class="pages">
                            {(v.page > 1).then(|| view! { <a href=format!("/staff/companies?page={}", v.page - 1)>{lang.t(Key::queue_previous)}</a> })}
                            {v.has_next.then(|| view! { <a href=format!("/staff/companies?page={}", v.page + 1)>{lang.t(Key::queue_next)}</a> })}
                        </nav>
                        <section class="card" id="new-company">
                            <h2>{lang.t(Key::company_new)}</h2>
                            <ActionForm action=create attr:novalidate=true attr:class="narrow">
                                <FormProblems form=v.form.clone()/>
                                {text_field(&v.form, "name", lang.t(Key::company_name), "text")}
                                {text_field(&v.form, "vat", lang.t(Key::company_vat), "text")}
                                {text_field(&v.form, "ateco", lang.t(Key::company_ateco), "text")}
                                {select_field(&v.form, "size", lang.t(Key::company_size), size_choices(lang))}
                                {select_field(&v.form, "comune", lang.t(Key::site_comune), v.comuni.clone())}
                                {text_field(&v.form, "address", lang.t(Key::site_address), "text")}
                                <div class="actions"><button type="submit" class="primary">{lang.t(Key::company_add)}</button></div>
                            </ActionForm>
                        </section>
                    }),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct CompanyActions {
    details: ServerAction<UpdateCompany>,
    site: ServerAction<AddCompanySite>,
    contact: ServerAction<AddCompanyContact>,
    link: ServerAction<SendCompanyLink>,
    log: ServerAction<LogCompanyContact>,
    agreement: ServerAction<ChangeAgreement>,
    position: ServerAction<CreatePosition>,
}

#[component]
pub fn CompanyPage() -> impl IntoView {
    let id = id_param(CompanyId::new);
    let a = CompanyActions {
        details: ServerAction::new(),
        site: ServerAction::new(),
        contact: ServerAction::new(),
        link: ServerAction::new(),
        log: ServerAction::new(),
        agreement: ServerAction::new(),
        position: ServerAction::new(),
    };
    let location = use_location();
    let data = Resource::new(
        move || {
            (
                id.get(),
                location.search.get(),
                a.details.version().get(),
                a.site.version().get(),
                a.contact.version().get(),
                a.link.version().get(),
                a.log.version().get(),
                a.agreement.version().get(),
                a.position.version().get(),
            )
        },
        |(id, ..)| load_company(id),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(company_view(v, a)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn company_view(v: CompanyView, a: CompanyActions) -> impl IntoView {
    let lang = use_lang();
    let id = v.id;
    let form = |name: &str, default: FormState| v.forms.get(name).cloned().unwrap_or(default);
    let details = form(
        "details",
        FormState {
            values: [
                ("name", v.name.clone()),
                ("vat", v.vat.clone()),
                ("ateco", v.ateco.clone()),
                ("size", v.size_code.clone()),
            ]
            .into_iter()
            .map(|(k, x)| (k.to_owned(), x))
            .collect(),
            problems: Vec::new(),
            scope: String::new(),
        },
    )
    .scoped("details");
    let site = form("site", FormState::default()).scoped("site");
    let contact = form("contact", FormState::default()).scoped("contact");
    let log = form(
        "log",
        FormState {
            values: [
                ("on".to_owned(), v.today.clone()),
                ("kind".to_owned(), "call".to_owned()),
            ]
            .into_iter()
            .collect(),
            problems: Vec::new(),
            scope: String::new(),
        },
    )
    .scoped("log");
    let position = form("position", FormState::default()).scoped("position");
    let position_open = !position.problems.is_empty();
    let contact_open = !contact.problems.is_empty();
    let site_open = !site.problems.is_empty();
    let sites: Vec<Choice> = v
        .sites
        .iter()
        .map(|s| Choice {
            value: s.id.to_string(),
            label: format!("{}, {}", s.address, s.comune),
        })
        .collect();
    let kinds: Vec<Choice> = ContactKind::ALL
        .into_iter()
        .map(|k| Choice {
            value: k.code().to_owned(),
            label: lang
                .t(match k {
                    ContactKind::Call => Key::log_kind_call,
                    ContactKind::Visit => Key::log_kind_visit,
                    ContactKind::Email => Key::log_kind_email,
                    ContactKind::Meeting => Key::log_kind_meeting,
                })
                .to_owned(),
        })
        .collect();
    let ag = v.agreement.clone();
    let may_propose = matches!(ag.code.as_str(), "none" | "ended");
    let may_end = matches!(ag.code.as_str(), "proposed" | "signed" | "expiring");
    let may_sign = ag.code != "none";
    view! {
        <p><a href="/staff/companies">{lang.t(Key::companies_title)}</a> " · " <a href="/staff/board">{lang.t(Key::board_title)}</a></p>
        <h1>{v.name.clone()}</h1>
        <Notices/>
        <dl class="facts">
            <dt>{lang.t(Key::company_vat)}</dt><dd dir="ltr">{v.vat.clone()}</dd>
            <dt>{lang.t(Key::company_ateco)}</dt><dd dir="ltr">{v.ateco.clone()}</dd>
            <dt>{lang.t(Key::company_size)}</dt><dd>{v.size.clone()}</dd>
        </dl>
        <section class="card" id="agreement">
            <h2>{lang.t(Key::company_agreement)} ": " <span class=format!("tag agreement-{}", ag.code)>{ag.label.clone()}</span></h2>
            <dl class="facts">
                {ag.proposed_on.clone().map(|d| view! { <dt>{lang.t(Key::agreement_proposed_on)}</dt><dd>{d}</dd> })}
                {ag.signed_on.clone().map(|d| view! { <dt>{lang.t(Key::agreement_signed_on)}</dt><dd>{d}</dd> })}
                {ag.signatory.clone().map(|d| view! { <dt>{lang.t(Key::agreement_signatory)}</dt><dd>{d}</dd> })}
                {ag.expires_on.clone().map(|d| view! { <dt>{lang.t(Key::agreement_expires_on)}</dt><dd>{d}</dd> })}
                {ag.ended_on.clone().map(|d| view! { <dt>{lang.t(Key::agreement_ended_on)}</dt><dd>{d}</dd> })}
            </dl>
            {ag.document_id.map(|d| view! {
                <p><a href=format!("/staff/document/{d}") download>{lang.t(Key::agreement_download)}</a></p>
            })}
            <div class="moves">
                {may_propose.then(|| view! {
                    <ActionForm action=a.agreement attr:class="inline">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <input type="hidden" name="step" value="propose"/>
                        <button type="submit">{lang.t(Key::agreement_propose)}</button>
                    </ActionForm>
                })}
                {may_end.then(|| view! {
                    <ActionForm action=a.agreement attr:class="inline">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <input type="hidden" name="step" value="end"/>
                        <button type="submit" class="danger">{lang.t(Key::agreement_end)}</button>
                    </ActionForm>
                })}
            </div>
            {may_sign.then(|| {
                let f = form("agreement", FormState::default());
                view! {
                    <details open=!f.problems.is_empty()>
                        <summary>{lang.t(if ag.code == "proposed" { Key::agreement_sign } else { Key::agreement_renew })}</summary>
                        // A plain multipart form: the PDF goes to its own handler, with or without JavaScript.
                        <form method="post" action=format!("/staff/company/{id}/agreement") enctype="multipart/form-data" class="narrow" novalidate>
                            <FormProblems form=f.clone()/>
                            <div class="field" class:invalid=f.problem("signed_on").is_some()>
                                <label for="f-signed_on">{lang.t(Key::agreement_signed_on)}</label>
                                {f.problem("signed_on").map(|e| view! { <p class="error">{e}</p> })}
                                <input id="f-signed_on" name="signed_on" type="date" dir="ltr" value=f.value("signed_on")/>
                            </div>
                            <div class="field" class:invalid=f.problem("signatory").is_some()>
                                <label for="f-signatory">{lang.t(Key::agreement_signatory)}</label>
                                {f.problem("signatory").map(|e| view! { <p class="error">{e}</p> })}
                                <input id="f-signatory" name="signatory" type="text" value=f.value("signatory")/>
                            </div>
                            <div class="field" class:invalid=f.problem("expires_on").is_some()>
                                <label for="f-expires_on">{lang.t(Key::agreement_expires_on)}</label>
                                {f.problem("expires_on").map(|e| view! { <p class="error">{e}</p> })}
                                <input id="f-expires_on" name="expires_on" type="date" dir="ltr" value=f.value("expires_on")/>
                            </div>
                            <div class="field" class:invalid=f.problem("pdf").is_some()>
                                <label for="f-pdf">{lang.t(Key::agreement_pdf)}</label>
                                {f.problem("pdf").map(|e| view! { <p class="error">{e}</p> })}
                                <p class="hint">{lang.t(Key::agreement_pdf_hint)}</p>
                                <input id="f-pdf" name="pdf" type="file" accept="application/pdf,.pdf"/>
                            </div>
                            <div class="actions"><button type="submit" class="primary">{lang.t(Key::agreement_save)}</button></div>
                        </form>
                    </details>
                }
            })}
            {(!v.documents.is_empty()).then(|| view! {
                <h3>{lang.t(Key::agreement_documents)}</h3>
                <ul>
                    {v.documents.iter().map(|d| view! {
                        <li><a href=format!("/staff/document/{}", d.id) download>{d.uploaded.clone()} " (" {d.kilobytes} " KB)"</a></li>
                    }).collect_view()}
                </ul>
            })}
        </section>
        <section class="card" id="log">
            <h2>{lang.t(Key::company_log)}</h2>
            <ActionForm action=a.log attr:novalidate=true attr:class="narrow">
                <input type="hidden" name="id" value=id.to_string()/>
                <FormProblems form=log.clone()/>
                {select_field(&log, "kind", lang.t(Key::log_kind), kinds)}
                {text_field(&log, "on", lang.t(Key::log_on), "date")}
                {area_field(&log, "summary", lang.t(Key::log_summary))}
                {text_field(&log, "next_step", lang.t(Key::log_next_step), "text")}
                {text_field(&log, "next_due", lang.t(Key::log_next_due), "date")}
                <div class="actions"><button type="submit" class="primary">{lang.t(Key::log_add)}</button></div>
            </ActionForm>
            <ol class="log">
                {v.log.iter().map(|l| view! {
                    <li>
                        <p><strong>{l.on.clone()}</strong> " · " {l.kind.clone()} " · " {l.by.clone()}</p>
                        <p>{l.summary.clone()}</p>
                        {(!l.next_step.is_empty()).then(|| view! {
                            <p class:done=l.done>
                                {lang.t(Key::log_next_step)} ": " {l.next_step.clone()}
                                {l.next_due.clone().map(|d| view! { " (" {d} ")" })}
                                {l.done.then_some(" ✓")}
                            </p>
                        })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <section class="card" id="positions">
            <h2>{lang.t(Key::company_positions)}</h2>
            {position_table(lang, v.positions.clone(), false)}
            <details id="new-position" open=position_open>
                <summary>{lang.t(Key::position_new)}</summary>
                <ActionForm action=a.position attr:novalidate=true>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <PositionFields form=position.clone() sites=sites/>
                    <div class="actions"><button type="submit" class="primary">{lang.t(Key::position_post)}</button></div>
                </ActionForm>
            </details>
        </section>
        <section class="card" id="contacts">
            <h2>{lang.t(Key::company_contacts)}</h2>
            <ul class="contacts">
                {v.contacts.clone().into_iter().map(|c| view! {
                    <li>
                        <strong>{c.name.clone()}</strong> {(!c.job_title.is_empty()).then(|| format!(" · {}", c.job_title))}
                        " · " <span dir="ltr">{c.email.clone()}</span>
                        {(!c.phone.is_empty()).then(|| view! { " · " <a href=format!("tel:{}", c.phone) dir="ltr">{crate::domain::contact::format_phone(&c.phone)}</a> })}
                        <ActionForm action=a.link attr:class="inline">
                            <input type="hidden" name="id" value=id.to_string()/>
                            <input type="hidden" name="contact" value=c.id.to_string()/>
                            <button type="submit" class="link">{lang.t(Key::company_send_link)}</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
            <details open=contact_open>
                <summary>{lang.t(Key::contact_add)}</summary>
                <ActionForm action=a.contact attr:novalidate=true attr:class="narrow">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <FormProblems form=contact.clone()/>
                    {text_field(&contact, "name", lang.t(Key::contact_name), "text")}
                    {text_field(&contact, "email", lang.t(Key::field_email), "email")}
                    {text_field(&contact, "phone", lang.t(Key::contact_phone), "tel")}
                    {text_field(&contact, "job_title", lang.t(Key::contact_job_title), "text")}
                    <div class="actions"><button type="submit">{lang.t(Key::contact_add)}</button></div>
                </ActionForm>
            </details>
        </section>
        <section class="card" id="sites">
            <h2>{lang.t(Key::company_sites)}</h2>
            <ul>{v.sites.iter().map(|s| view! { <li>{s.address.clone()} ", " {s.comune.clone()}</li> }).collect_view()}</ul>
            <details open=site_open>
                <summary>{lang.t(Key::site_add)}</summary>
                <ActionForm action=a.site attr:novalidate=true attr:class="narrow">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <FormProblems form=site.clone()/>
                    {select_field(&site, "comune", lang.t(Key::site_comune), v.comuni.clone())}
                    {text_field(&site, "address", lang.t(Key::site_address), "text")}
                    <div class="actions"><button type="submit">{lang.t(Key::site_add)}</button></div>
                </ActionForm>
            </details>
        </section>
        <section class="card" id="details">
            <h2>{lang.t(Key::company_details)}</h2>
            <ActionForm action=a.details attr:novalidate=true attr:class="narrow">
                <input type="hidden" name="id" value=id.to_string()/>
                <FormProblems form=details.clone()/>
                {text_field(&details, "name", lang.t(Key::company_name), "text")}
                {text_field(&details, "vat", lang.t(Key::company_vat), "text")}
                {text_field(&details, "ateco", lang.t(Key::company_ateco), "text")}
                {select_field(&details, "size", lang.t(Key::company_size), size_choices(lang))}
                <div class="actions"><button type="submit">{lang.t(Key::save)}</button></div>
            </ActionForm>
        </section>
    }
}

#[derive(Clone, Copy)]
struct PositionActions {
    propose: ServerAction<ProposeCandidate>,
    moves: ServerAction<MoveCandidate>,
    hire: ServerAction<RecordHire>,
    close: ServerAction<ClosePosition>,
}

#[component]
pub fn PositionPage() -> impl IntoView {
    let id = id_param(PositionId::new);
    let a = PositionActions {
        propose: ServerAction::new(),
        moves: ServerAction::new(),
        hire: ServerAction::new(),
        close: ServerAction::new(),
    };
    let location = use_location();
    let data = Resource::new(
        move || {
            (
                id.get(),
                location.search.get(),
                a.propose.version().get(),
                a.moves.version().get(),
                a.hire.version().get(),
                a.close.version().get(),
            )
        },
        |(id, ..)| load_position(id),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(position_view(v, a)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn why_list(why: &[WhyView]) -> impl IntoView {
    view! {
        <ul class="why">
            {why.iter().map(|w| view! {
                <li class=if w.good { "good" } else { "gap" }>
                    <span aria-hidden="true">{if w.good { "✓ " } else { "✗ " }}</span>{w.text.clone()}
                </li>
            }).collect_view()}
        </ul>
    }
}

fn position_view(v: PositionView, a: PositionActions) -> impl IntoView {
    let lang = use_lang();
    let id = v.id;
    let reasons = v.reasons.clone();
    let contracts = v.contracts.clone();
    let hire_form = v.hire_form.clone();
    // Dragging a card onto a column moves it there (where JavaScript runs); the buttons on each
    // card do the same everywhere.
    let dragged = RwSignal::new(None::<(ProposalId, String)>);
    view! {
        <p><a href=format!("/staff/company/{}", v.company_id)>{v.company.clone()}</a> " · " <a href="/staff/board">{lang.t(Key::board_title)}</a></p>
        <h1>{v.title.clone()}</h1>
        <Notices/>
        <p>{v.site.clone()} {(!v.open).then(|| view! { " · " <span class="tag">{lang.t(Key::position_closed)}</span> })}</p>
        <details>
            <summary>{lang.t(Key::portal_position_terms)}</summary>
            <dl class="facts">{v.facts.iter().map(|(k, x)| view! { <dt>{k.clone()}</dt><dd>{x.clone()}</dd> }).collect_view()}</dl>
            {(!v.description.is_empty()).then(|| view! { <p>{v.description.clone()}</p> })}
        </details>
        {v.open.then(|| view! {
            <ActionForm action=a.close attr:class="inline">
                <input type="hidden" name="id" value=id.to_string()/>
                <button type="submit">{lang.t(Key::position_close)}</button>
            </ActionForm>
        })}
        <section id="board">
            <h2>{lang.t(Key::board_candidates)}</h2>
            <div class="board-columns">
                {v.columns.into_iter().map(|(code, label, cards)| {
                    let column = code.clone();
                    let moves = a.moves;
                    view! {
                        <div class="column" data-stage=code.clone()
                            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                            on:drop=move |ev: leptos::ev::DragEvent| {
                                ev.prevent_default();
                                if let Some((proposal, from)) = dragged.get_untracked() {
                                    if from != column && column != "hired" && column != "not_selected" {
                                        moves.dispatch(MoveCandidate { proposal, from, to: column.clone(), reason: String::new() });
                                    }
                                }
                            }>
                            <h3>{label} " (" {cards.len()} ")"</h3>
                            <ul>
                                {cards.into_iter().map(|p| proposal_card(p, a, reasons.clone(), contracts.clone(), hire_form.clone(), dragged)).collect_view()}
                            </ul>
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>
        <section id="matches">
            <h2>{lang.t(Key::match_title)}</h2>
            <p class="muted">{lang.plural(Key::match_considered, v.considered, &[])}
                {v.excluded.iter().map(|(k, n)| format!(" · {k}: {n}")).collect::<String>()}</p>
            {v.matches.is_empty().then(|| view! { <p>{lang.t(Key::match_none)}</p> })}
            <ol class="matches">
                {v.matches.into_iter().map(|m| view! {
                    <li class="card">
                        <p><strong class="score">{m.score}</strong> " "
                            <a href=format!("/staff/case/{}", m.applicant_id)>{m.name.clone()}</a> " "
                            <span class="ref" dir="ltr">{m.reference.clone()}</span> " · " {m.comune.clone()}
                            {(!m.shared).then(|| view! { " " <span class="tag late">{lang.t(Key::match_not_shared)}</span> })}</p>
                        {why_list(&m.why)}
                        {if m.proposed {
                            Either::Left(view! { <p class="tag">{lang.t(Key::match_already)}</p> })
                        } else {
                            Either::Right(v.accepts.then(|| view! {
                                <ActionForm action=a.propose attr:class="inline">
                                    <input type="hidden" name="position" value=id.to_string()/>
                                    <input type="hidden" name="applicant" value=m.applicant_id.to_string()/>
                                    <input type="hidden" name="back" value="position"/>
                                    <button type="submit" class="primary">{lang.t(Key::match_propose)}</button>
                                </ActionForm>
                            }))
                        }}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

fn proposal_card(
    p: ProposalView,
    a: PositionActions,
    reasons: Vec<Choice>,
    contracts: Vec<Choice>,
    hire_form: FormState,
    dragged: RwSignal<Option<(ProposalId, String)>>,
) -> impl IntoView {
    let lang = use_lang();
    let id = p.id;
    let from = p.stage.code().to_owned();
    let drag_from = from.clone();
    view! {
        <li class="card proposal" class:stalled=p.stalled id=format!("p{id}")
            draggable=(!p.stage.is_final()).then_some("true")
            on:dragstart=move |_| dragged.set(Some((id, drag_from.clone())))>
            <p><a href=format!("/staff/case/{}", p.applicant_id)>{p.name.clone()}</a> " "
                <span class="ref" dir="ltr">{p.reference.clone()}</span></p>
            <p class="muted">{lang.tf(Key::board_since, &[("date", &p.since)])} " · " {lang.t(Key::match_score)} " " {p.score}</p>
            {p.stalled.then(|| view! { <p class="tag late">{lang.t(Key::board_stalled_tag)}</p> })}
            {p.reason.clone().map(|r| view! { <p>{lang.t(Key::board_reason)} ": " {r}</p> })}
            {(p.stage == Stage::Traineeship).then(|| view! {
                <p><a class="button" href=format!("/staff/traineeship/new/{id}")>{lang.t(Key::board_traineeship_link)}</a></p>
            })}
            <details class="history">
                <summary>{lang.t(Key::board_history)}</summary>
                <ol>{p.history.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}</ol>
            </details>
            {proposal_moves(ProposalMoves {
                id,
                from,
                moves: p.moves.clone(),
                moves_action: a.moves,
                hire_action: a.hire,
                reasons,
                contracts,
                hire_form,
                primary: false,
            })}
        </li>
    }
}

/// What may be done with a proposal, the same on the secretariat's board and in the company's
/// portal: the next moves, the hire with its form, and "not selected" with its reason.
pub struct ProposalMoves {
    pub id: ProposalId,
    /// The stage it is in, as a form posts it back.
    pub from: String,
    /// The moves possible from here, as (stage code, label).
    pub moves: Vec<(String, String)>,
    pub moves_action: ServerAction<MoveCandidate>,
    pub hire_action: ServerAction<RecordHire>,
    pub reasons: Vec<Choice>,
    pub contracts: Vec<Choice>,
    /// The refused hire form of the page, shown again if it was this proposal's.
    pub hire_form: FormState,
    /// The moves as the page's main buttons (the portal), or quieter (the board).
    pub primary: bool,
}

pub fn proposal_moves(m: ProposalMoves) -> impl IntoView {
    let lang = use_lang();
    let ProposalMoves {
        id,
        from,
        moves,
        moves_action,
        hire_action,
        reasons,
        contracts,
        hire_form,
        primary,
    } = m;
    let (simple, may_hire, may_decline) = split_moves(&moves);
    let hire_form = hire_form_of(&hire_form, id);
    view! {
        <div class="moves">
            {simple.into_iter().map(|(to, label)| {
                let from = from.clone();
                view! {
                    <ActionForm action=moves_action attr:class="inline">
                        <input type="hidden" name="proposal" value=id.to_string()/>
                        <input type="hidden" name="from" value=from/>
                        <input type="hidden" name="to" value=to/>
                        <button type="submit" class=primary.then_some("primary")>{lang.tf(Key::board_move_to, &[("stage", &label)])}</button>
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
                    <ActionForm action=hire_action attr:novalidate=true>
                        <HireFields id=id from=from form=hire_form.clone() contracts=contracts.clone()/>
                    </ActionForm>
                </details>
            }
        })}
        {may_decline.then(|| {
            let from = from.clone();
            view! {
                <details>
                    <summary>{lang.t(Key::board_not_selected_record)}</summary>
                    <ActionForm action=moves_action>
                        {decline_fields(id, from, &reasons)}
                    </ActionForm>
                </details>
            }
        })}
    }
}

/// The fields of "not selected" for proposal `id` at stage `from`: the coded reason, and the note
/// that the person is told kindly, without it.
pub fn decline_fields(id: ProposalId, from: String, reasons: &[Choice]) -> impl IntoView {
    let lang = use_lang();
    view! {
        <input type="hidden" name="proposal" value=id.to_string()/>
        <input type="hidden" name="from" value=from/>
        <input type="hidden" name="to" value="not_selected"/>
        <div class="field">
            <label for=format!("f-reason-{id}")>{lang.t(Key::board_reason)}</label>
            <select id=format!("f-reason-{id}") name="reason" required>
                <option value="">{lang.t(Key::choose)}</option>
                {reasons.iter().map(|r| view! { <option value=r.value.clone()>{r.label.clone()}</option> }).collect_view()}
            </select>
        </div>
        <p class="muted">{lang.t(Key::board_reason_kind_note)}</p>
        <div class="actions"><button type="submit">{lang.t(Key::board_not_selected_button)}</button></div>
    }
}

/// The company-board section of a case: positions that fit, proposals, placement, follow-ups.
#[component]
pub fn CaseBoard(applicant_id: ApplicantId) -> impl IntoView {
    let lang = use_lang();
    let propose = ServerAction::<ProposeCandidate>::new();
    let follow = ServerAction::<CompleteFollowUp>::new();
    let location = use_location();
    let data = Resource::new(
        move || {
            (
                location.search.get(),
                propose.version().get(),
                follow.version().get(),
            )
        },
        move |_| load_case_board(applicant_id),
    );
    view! {
        <section id="board">
            <h2>{lang.t(Key::case_board_title)}</h2>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => Either::Left(case_board_view(applicant_id, v, propose, follow)),
                        Err(_) => Either::Right(view! { <p>{lang.t(Key::problem_unavailable)}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

fn share_text(lang: Lang, share: &str) -> &'static str {
    lang.t(match share {
        "profile" => Key::share_profile,
        "contacts" => Key::share_contacts,
        _ => Key::share_none,
    })
}

fn case_board_view(
    applicant_id: ApplicantId,
    v: CaseBoardView,
    propose: ServerAction<ProposeCandidate>,
    follow: ServerAction<CompleteFollowUp>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p><strong>{lang.t(Key::share_title)} ": "</strong> {share_text(lang, &v.share)}</p>
        {v.placements.into_iter().map(|p| view! {
            <div class="card placement">
                <h3>{lang.t(Key::placement_title)}</h3>
                <p>{p.position.clone()} " · " {p.company.clone()}</p>
                <p>{p.contract.clone()} " · " {lang.tf(Key::placement_from, &[("date", &p.start)])} " · "
                    {lang.tf(Key::placement_hours, &[("hours", &p.weekly_hours.to_string())])}</p>
                <h4>{lang.t(Key::follow_ups_title)}</h4>
                <ul class="follow-ups">
                    {p.follow_ups.into_iter().map(|f| view! {
                        <li class:overdue=f.overdue>
                            {lang.plural(Key::follow_up_months, f.months, &[])} " · " {f.due.clone()}
                            {if f.done {
                                Either::Left(view! { " ✓ " {f.note.clone()} })
                            } else {
                                Either::Right(view! {
                                    <ActionForm action=follow attr:class="inline">
                                        <input type="hidden" name="id" value=f.id/>
                                        <input type="hidden" name="back" value="case"/>
                                        <label class="sr-only" for=format!("f-note-{}", f.id)>{lang.t(Key::follow_up_note)}</label>
                                        <input id=format!("f-note-{}", f.id) name="note" type="text" placeholder=lang.t(Key::follow_up_note)/>
                                        <button type="submit">{lang.t(Key::follow_up_done_button)}</button>
                                    </ActionForm>
                                })
                            }}
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        }).collect_view()}
        {(!v.proposals.is_empty()).then(|| view! {
            <h3>{lang.t(Key::case_board_proposals)}</h3>
            <ul>
                {v.proposals.iter().map(|p| view! {
                    <li>
                        <a href=format!("/staff/position/{}#p{}", p.position_id, p.id)>{p.position.clone()}</a>
                        " · " {p.company.clone()} " · " <strong>{p.stage_label.clone()}</strong> " · " {p.since.clone()}
                        {p.reason.clone().map(|r| view! { " · " {r} })}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {if v.matchable {
            Either::Left(view! {
                <h3>{lang.t(Key::case_board_positions)}</h3>
                {v.positions.is_empty().then(|| view! { <p>{lang.t(Key::match_none)}</p> })}
                <ol class="matches">
                    {v.positions.into_iter().map(|m| view! {
                        <li class="card">
                            <p><strong class="score">{m.score}</strong> " "
                                <a href=format!("/staff/position/{}", m.position_id)>{m.title.clone()}</a> " · " {m.company.clone()} " · " {m.comune.clone()}</p>
                            {why_list(&m.why)}
                            {if m.proposed {
                                Either::Left(view! { <p class="tag">{lang.t(Key::match_already)}</p> })
                            } else {
                                Either::Right(v.may_propose.then(|| view! {
                                    <ActionForm action=propose attr:class="inline">
                                        <input type="hidden" name="position" value=m.position_id.to_string()/>
                                        <input type="hidden" name="applicant" value=applicant_id.to_string()/>
                                        <input type="hidden" name="back" value="case"/>
                                        <button type="submit" class="primary">{lang.t(Key::match_propose)}</button>
                                    </ActionForm>
                                }))
                            }}
                        </li>
                    }).collect_view()}
                </ol>
            })
        } else {
            Either::Right(view! { <p class="muted">{lang.t(Key::case_board_not_matchable)}</p> })
        }}
    }
}

#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let lang = use_lang();
    let done = ServerAction::<CompleteFollowUp>::new();
    let location = use_location();
    let data = Resource::new(
        move || (location.search.get(), done.version().get()),
        |_| load_follow_ups(),
    );
    view! {
        <h1>{lang.t(Key::follow_ups_title)}</h1>
        <Notices/>
        <p class="muted">{lang.t(Key::follow_ups_explain)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => Either::Left(view! {
                        {list.is_empty().then(|| view! { <p>{lang.t(Key::follow_ups_none)}</p> })}
                        <ul class="follow-ups">
                            {list.into_iter().map(|f| view! {
                                <li class="card" class:overdue=f.overdue>
                                    <p><a href=format!("/staff/case/{}#board", f.applicant_id)>{f.name.clone()}</a> " "
                                        <span class="ref" dir="ltr">{f.reference.clone()}</span></p>
                                    <p>{lang.plural(Key::follow_up_months, f.months, &[])} " · " {f.due.clone()}
                                        {f.overdue.then(|| view! { " " <span class="tag late">{lang.t(Key::board_overdue)}</span> })}</p>
                                    <ActionForm action=done attr:class="inline">
                                        <input type="hidden" name="id" value=f.id/>
                                        <label for=format!("f-note-{}", f.id)>{lang.t(Key::follow_up_note)}</label>
                                        <input id=format!("f-note-{}", f.id) name="note" type="text"/>
                                        <button type="submit">{lang.t(Key::follow_up_done_button)}</button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    }),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}
