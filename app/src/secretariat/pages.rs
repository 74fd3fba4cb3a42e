//! The queue and the case record, for desktops first (they also fit a phone).
use super::*;
use crate::domain::case::CloseReason;
use crate::domain::ids::ApplicantId;
use crate::domain::questionnaire::shown_answer;
use crate::domain::questionnaire::STEPS;
use crate::i18n::{Key, Lang};
use crate::ui::forms::{id_param, query_value, ErrorSummaryFor, StaffProblem};
use crate::ui::labels::band_label;
use crate::ui::use_lang;
use crate::ui::Loading;
use leptos::either::Either;
use leptos::form::ActionForm;
use leptos_router::hooks::{use_location, use_query_map};

pub fn state_label(lang: Lang, s: CaseState) -> &'static str {
    lang.t(s.label())
}

fn channel_label(lang: Lang, c: &str) -> &'static str {
    lang.t(match c {
        "phone" => Key::channel_phone,
        "sms" => Key::channel_sms,
        "email" => Key::channel_email,
        _ => Key::channel_in_person,
    })
}

fn outcome_label(lang: Lang, o: &str) -> &'static str {
    lang.t(match o {
        "reached" => Key::outcome_reached,
        "no_answer" => Key::outcome_no_answer,
        "wrong_number" => Key::outcome_wrong_number,
        _ => Key::outcome_message_left,
    })
}

fn reason_label(lang: Lang, r: CloseReason) -> &'static str {
    lang.t(match r {
        CloseReason::Unreachable => Key::close_unreachable,
        CloseReason::Withdrawn => Key::close_withdrawn,
        CloseReason::NotEligible => Key::close_not_eligible,
        CloseReason::FoundWorkAlone => Key::close_found_work,
        CloseReason::Other => Key::close_other,
    })
}

fn band_class(b: Band) -> &'static str {
    match b {
        Band::OnTrack => "band on-track",
        Band::DueThisWeek => "band due",
        Band::Late => "band late",
        Band::Breached => "band breached",
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        QueueParams {
            band: get("band"),
            comune: get("comune"),
            language: get("language"),
            assigned: get("assigned"),
            needs: get("needs"),
            search: get("search"),
            page: get("page"),
        }
    });
    let assign = ServerAction::<AssignCase>::new();
    let search = ServerAction::<SearchQueue>::new();
    // A successful action comes back to this very address: its version makes the list refresh.
    let data = Resource::new(
        move || (params.get(), assign.version().get()),
        |(p, _)| load_queue(p),
    );
    let location = use_location();
    let here = Memo::new(move |_| {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    });
    view! {
        <h1>{lang.t(Key::queue_title)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(queue_view(lang, v, params.get_untracked(), here.get_untracked(), assign, search)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn with_param(p: &QueueParams, key: &str, value: &str) -> String {
    let mut p = p.clone();
    match key {
        "band" => {
            p.band = value.into();
            p.page = String::new();
        }
        _ => p.page = value.into(),
    }
    p.address()
}

fn queue_view(
    lang: Lang,
    v: QueueView,
    p: QueueParams,
    here: String,
    assign: ServerAction<AssignCase>,
    search: ServerAction<SearchQueue>,
) -> impl IntoView {
    let total: i64 = v.counts.iter().map(|(_, n)| n).sum();
    let languages = crate::i18n::LANGUAGES;
    let all_link = with_param(&p, "band", "");
    let all_current = p.band.is_empty().then_some("true");
    let bands: Vec<_> = v
        .counts
        .iter()
        .map(|(b, n)| {
            (
                *b,
                *n,
                with_param(&p, "band", b.code()),
                (p.band == b.code()).then_some("true"),
            )
        })
        .collect();
    let prev = (v.page > 1).then(|| with_param(&p, "page", &(v.page - 1).to_string()));
    let next = v
        .has_next
        .then(|| with_param(&p, "page", &(v.page + 1).to_string()));
    let QueueParams {
        band,
        comune,
        language,
        assigned,
        needs,
        ..
    } = p;
    let q = v.q.clone();
    let comuni = v
        .comuni
        .iter()
        .map(|c| view! { <option value=c.value.clone() selected=c.value == comune>{c.label.clone()}</option> })
        .collect_view();
    let language_options = languages
        .iter()
        .map(|l| view! { <option value=l.code selected=l.code == language>{l.name}</option> })
        .collect_view();
    let operators = v
        .operators
        .iter()
        .map(|o| view! { <option value=o.value.clone() selected=o.value == assigned>{o.label.clone()}</option> })
        .collect_view();
    let (me_selected, nobody_selected) = (assigned == "me", assigned == "nobody");
    let needs_on = needs == "on";
    view! {
        <nav class="bands" aria-label=lang.t(Key::queue_bands)>
            <ul>
                <li>
                    <a href=all_link aria-current=all_current>
                        {lang.t(Key::band_all)} <span class="count">{total}</span>
                    </a>
                </li>
                {bands.into_iter().map(|(b, n, href, current)| view! {
                    <li class=band_class(b)>
                        <a href=href aria-current=current>
                            {band_label(lang, b)} <span class="count">{n}</span>
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </nav>
        <ActionForm action=search attr:class="filters">
            <input type="hidden" name="band" value=band/>
            <div class="field">
                <label for="f-q">{lang.t(Key::queue_search)}</label>
                <input id="f-q" name="q" type="search" value=q maxlength="100" autocomplete="off"/>
            </div>
            <div class="field">
                <label for="f-comune">{lang.t(Key::queue_comune)}</label>
                <select id="f-comune" name="comune">
                    <option value="">{lang.t(Key::queue_any)}</option>
                    {comuni}
                </select>
            </div>
            <div class="field">
                <label for="f-language">{lang.t(Key::queue_language)}</label>
                <select id="f-language" name="language">
                    <option value="">{lang.t(Key::queue_any)}</option>
                    {language_options}
                </select>
            </div>
            <div class="field">
                <label for="f-assigned">{lang.t(Key::queue_assigned)}</label>
                <select id="f-assigned" name="assigned">
                    <option value="">{lang.t(Key::queue_any)}</option>
                    <option value="me" selected=me_selected>{lang.t(Key::queue_assigned_me)}</option>
                    <option value="nobody" selected=nobody_selected>{lang.t(Key::queue_assigned_nobody)}</option>
                    {operators}
                </select>
            </div>
            <label class="choice">
                <input type="checkbox" name="needs" value="on" checked=needs_on/>
                <span>{lang.t(Key::queue_needs_only)}</span>
            </label>
            <div class="actions">
                <button type="submit" class="primary">{lang.t(Key::queue_filter)}</button>
                <a href="/staff/queue">{lang.t(Key::queue_clear)}</a>
            </div>
        </ActionForm>
        {if v.rows.is_empty() {
            Either::Left(view! { <p class="empty">{lang.t(Key::queue_empty)}</p> })
        } else {
            Either::Right(view! {
                <div class="table-wrap">
                    <table class="queue">
                        <caption>{lang.t(Key::queue_caption)}</caption>
                        <thead><tr>
                            <th scope="col">{lang.t(Key::queue_col_person)}</th>
                            <th scope="col">{lang.t(Key::queue_col_deadline)}</th>
                            <th scope="col">{lang.t(Key::queue_comune)}</th>
                            <th scope="col">{lang.t(Key::queue_language)}</th>
                            <th scope="col">{lang.t(Key::queue_assigned)}</th>
                        </tr></thead>
                        <tbody>
                            {v.rows.into_iter().map(|r| queue_row(lang, r, here.clone(), assign)).collect_view()}
                        </tbody>
                    </table>
                </div>
            })
        }}
        <nav class="pager" aria-label=lang.t(Key::queue_pages)>
            {prev.map(|href| view! { <a href=href rel="prev">{lang.t(Key::queue_previous)}</a> })}
            <span>{lang.tf(Key::queue_page, &[("page", &v.page.to_string())])}</span>
            {next.map(|href| view! { <a href=href rel="next">{lang.t(Key::queue_next)}</a> })}
        </nav>
    }
}

fn queue_row(
    lang: Lang,
    r: QueueRowView,
    here: String,
    assign: ServerAction<AssignCase>,
) -> impl IntoView {
    let id = r.applicant_id;
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/staff/case/{id}")>{r.name.clone()}</a>
                <span class="ref" dir="ltr">{r.reference.clone()}</span>
                {r.needs_flagged.then(|| view! { <span class="tag">{lang.t(Key::queue_needs_tag)}</span> })}
            </th>
            <td>
                <span class=band_class(r.band)>{band_label(lang, r.band)}</span>
                <span class="due">{lang.tf(Key::queue_due_on, &[("date", &r.contact_due)])}</span>
                <span class="limit">{lang.tf(Key::queue_limit_on, &[("date", &r.contact_limit)])}</span>
                {(r.days_late > 0).then(|| {
                    let key = if r.band == Band::Breached { Key::queue_days_past_limit } else { Key::queue_days_late };
                    view! { <span class="late"><strong>{lang.plural(key, r.days_late, &[])}</strong></span> }
                })}
                <span class="waited">{lang.plural(Key::queue_waiting_days, r.days_waiting, &[])}</span>
                {(r.failed_attempts > 0).then(|| view! {
                    <span class="attempts">{lang.plural(Key::queue_attempts, r.failed_attempts, &[])}</span>
                })}
            </td>
            <td>{r.comune.clone()}</td>
            <td>{crate::i18n::Lang::from_code(&r.language).map(|l| l.meta().name).unwrap_or_default()}</td>
            <td>
                {match r.assigned_to.clone() {
                    Some(name) => Either::Left(view! { <span>{name}</span> }),
                    None => Either::Right(view! {
                        <ActionForm action=assign attr:class="inline">
                            <input type="hidden" name="applicant_id" value=id.to_string()/>
                            <input type="hidden" name="to" value="me"/>
                            <input type="hidden" name="back" value=here.clone()/>
                            <button type="submit" aria-label=format!("{} – {}", lang.t(Key::queue_take), r.name)>
                                {lang.t(Key::queue_take)}
                            </button>
                        </ActionForm>
                    }),
                }}
            </td>
        </tr>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param(ApplicantId::new);
    let actions = CaseActions {
        contact: ServerAction::new(),
        close: ServerAction::new(),
        assign: ServerAction::new(),
    };
    // Actions elsewhere on the page (interviews, assessment) come back with a new query string.
    let location = use_location();
    let data = Resource::new(
        move || {
            (
                id.get(),
                location.search.get(),
                actions.contact.version().get(),
                actions.close.version().get(),
                actions.assign.version().get(),
            )
        },
        |(id, ..)| load_case(id),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(case_view(lang, v, actions)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct CaseActions {
    contact: ServerAction<LogContact>,
    close: ServerAction<CloseCase>,
    assign: ServerAction<AssignCase>,
}

fn case_view(lang: Lang, v: CaseView, actions: CaseActions) -> impl IntoView {
    let CaseActions {
        contact,
        close,
        assign,
    } = actions;
    let error = query_value("e");
    let ok = query_value("ok");
    let id = v.applicant_id;
    let error_message = move || {
        error.get().map(|e| {
            let (field, key) = match e.as_str() {
                "channel" => ("channel", Key::contact_err_channel),
                "outcome" => ("outcome", Key::contact_err_outcome),
                "note" => ("note", Key::contact_err_note),
                "reason" => ("reason", Key::close_err_reason),
                _ => ("state", Key::case_err_closed),
            };
            (field.to_owned(), lang.t(key))
        })
    };
    let answers = v.answers.clone();
    let summary = STEPS
        .iter()
        .filter(|s| s.slug != "review")
        .map(|s| {
            let rows = s
                .fields
                .iter()
                .filter_map(|f| shown_answer(lang, &answers, f).map(|a| (lang.t(f.label), a)))
                .collect::<Vec<_>>();
            (lang.t(s.title), rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect::<Vec<_>>();
    let close_section = (v.may_work && v.state.is_open()).then(|| view! {
            <section id="close">
                <h2>{lang.t(Key::close_title)}</h2>
                <ActionForm action=close attr:class="narrow">
                    <input type="hidden" name="applicant_id" value=id.to_string()/>
                    <div class="field">
                        <label for="f-reason">{lang.t(Key::close_reason)}</label>
                        <select id="f-reason" name="reason" required=true>
                            <option value="">{lang.t(Key::choose)}</option>
                            {CloseReason::ALL.into_iter().map(|r| view! { <option value=r.code()>{reason_label(lang, r)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="actions">
                        <button type="submit">{lang.t(Key::close_button)}</button>
                    </div>
                </ActionForm>
            </section>
        });
    view! {
        <p><a href="/staff/queue">{lang.t(Key::case_back_to_queue)}</a></p>
        <h1>{v.name.clone()} " " <span class="ref" dir="ltr">{v.reference.clone()}</span></h1>
        // This page's own actions; the interview, assessment and board sections say theirs.
        {move || ok.get().and_then(|o| match o.as_str() {
            "contact" => Some(Key::contact_logged),
            "closed" => Some(Key::case_closed_done),
            _ => None,
        }).map(|key| view! {
            <div class="notice success" role="status"><p>{lang.t(key)}</p></div>
        })}
        <ErrorSummaryFor
            show=Signal::derive(move || error.get().is_some())
            items=Signal::derive(move || error_message().map(|(f, m)| vec![(f, lang.t(Key::case_problem), m)]).unwrap_or_default())
        />
        // On a desktop: the facts and the record on one side, what to do on the other, so that the
        // case can be worked during a phone call without scrolling through it.
        <div class="case-layout">
        <div class="case-facts">
        <div class="case-head">
            <p>
                <strong>{lang.t(Key::case_state)} ": "</strong> {state_label(lang, v.state)}
                {v.band.map(|b| view! { " " <span class=band_class(b)>{band_label(lang, b)}</span> })}
            </p>
            <dl class="facts">
                <dt>{lang.t(Key::case_received_on)}</dt><dd>{v.received.clone()}</dd>
                <dt>{lang.t(Key::case_target)}</dt><dd>{v.contact_due.clone()}</dd>
                <dt>{lang.t(Key::case_limit)}</dt><dd>{v.contact_limit.clone()}</dd>
                {v.contacted.clone().map(|c| view! { <dt>{lang.t(Key::case_contacted_on)}</dt><dd>{c}</dd> })}
                <dt>{lang.t(Key::queue_assigned)}</dt>
                <dd>{v.assigned_to.clone().unwrap_or_else(|| lang.t(Key::queue_assigned_nobody).to_owned())}</dd>
            </dl>
            {(v.may_work && v.state.is_open()).then(|| view! {
                <ActionForm action=assign attr:class="assign">
                    <input type="hidden" name="applicant_id" value=id.to_string()/>
                    <input type="hidden" name="back" value=format!("/staff/case/{id}")/>
                    <label for="f-to">{lang.t(Key::case_assign_to)}</label>
                    <select id="f-to" name="to">
                        <option value="nobody">{lang.t(Key::queue_assigned_nobody)}</option>
                        {v.operators.iter().map(|o| view! {
                            <option value=o.value.clone() selected=v.assigned_to.as_deref() == Some(o.label.as_str())>{o.label.clone()}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit">{lang.t(Key::case_assign)}</button>
                </ActionForm>
            })}
        </div>
        <section>
            <h2>{lang.t(Key::case_contacts)}</h2>
            <dl class="facts">
                <dt>{lang.t(Key::field_mobile)}</dt>
                <dd dir="ltr">{v.mobile.clone().map(|m| view! { <a href=format!("tel:{m}")>{crate::domain::contact::format_phone(&m)}</a> })}</dd>
                <dt>{lang.t(Key::field_email)}</dt><dd dir="ltr">{v.email.clone().unwrap_or_default()}</dd>
                <dt>{lang.t(Key::queue_language)}</dt>
                <dd>{Lang::from_code(&v.language).map(|l| l.meta().name).unwrap_or_default()}</dd>
                <dt>{lang.t(Key::domicile_label)}</dt><dd>{v.comune.clone()}</dd>
                <dt>{lang.t(Key::case_birth_date)}</dt><dd>{v.birth_date.clone()}</dd>
                <dt>{lang.t(Key::field_cf)}</dt><dd dir="ltr">{v.codice_fiscale.clone().unwrap_or_default()}</dd>
            </dl>
        </section>
        </div>
        <div class="case-actions">
        {(v.may_work && v.state.is_open()).then(|| view! {
            <section id="contact">
                <h2>{lang.t(Key::contact_log_title)}</h2>
                <ActionForm action=contact attr:class="narrow">
                    <input type="hidden" name="applicant_id" value=id.to_string()/>
                    <div class="field">
                        <label for="f-channel">{lang.t(Key::contact_channel)}</label>
                        <select id="f-channel" name="channel" required=true>
                            {CHANNELS.iter().map(|c| view! { <option value=*c>{channel_label(lang, c)}</option> }).collect_view()}
                        </select>
                    </div>
                    <fieldset class="field" id="f-outcome">
                        <legend>{lang.t(Key::contact_outcome)}</legend>
                        {OUTCOMES.iter().map(|o| view! {
                            <label class="choice">
                                <input type="radio" name="outcome" value=*o required=true/>
                                <span>{outcome_label(lang, o)}</span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="f-note">{lang.t(Key::contact_note)} " (" {lang.t(Key::optional)} ")"</label>
                        <textarea id="f-note" name="note" rows="3" maxlength=NOTE_MAX_CHARS.to_string()></textarea>
                    </div>
                    <div class="actions">
                        <button type="submit" class="primary">{lang.t(Key::contact_save)}</button>
                    </div>
                </ActionForm>
            </section>
        })}
        <crate::interviews::pages::CaseInterview applicant_id=id/>
        <crate::plans::pages::CasePlan applicant_id=id/>
        <crate::training::pages::CaseCourses applicant_id=id/>
        <crate::group_sessions::pages::CaseGroupSessions applicant_id=id/>
        <crate::traineeships::pages::CaseTraineeships applicant_id=id/>
        <crate::ventures::pages::CaseVentures applicant_id=id/>
        <crate::company_board::pages::CaseBoard applicant_id=id/>
        {close_section}
        </div>
        <div class="case-record">
        <section>
            <h2>{lang.t(Key::contact_history)}</h2>
            {if v.attempts.is_empty() {
                Either::Left(view! { <p>{lang.t(Key::contact_none)}</p> })
            } else {
                Either::Right(view! {
                    <ol class="history">
                        {v.attempts.iter().map(|a| view! {
                            <li>
                                <strong>{a.at.clone()}</strong> " · " {channel_label(lang, &a.channel)} " · "
                                {outcome_label(lang, &a.outcome)} " · " {a.by.clone()}
                                {(!a.note.is_empty()).then(|| view! { <p dir="auto">{a.note.clone()}</p> })}
                            </li>
                        }).collect_view()}
                    </ol>
                })
            }}
            <ol class="history">
                {v.events.iter().map(|e| view! {
                    <li>
                        <strong>{e.at.clone()}</strong> " · " {state_label(lang, e.to_state)}
                        {e.reason.as_deref().and_then(CloseReason::from_code).map(|r| format!(" ({})", reason_label(lang, r)))}
                        " · " {e.by.clone()}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <details class="answers">
            <summary><h2>{lang.t(Key::case_answers)}</h2></summary>
            {summary.into_iter().map(|(title, rows)| view! {
                <h3>{title}</h3>
                <dl class="facts">
                    {rows.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd dir="auto">{value}</dd> }).collect_view()}
                </dl>
            }).collect_view()}
        </details>
        </div>
        </div>
    }
}
