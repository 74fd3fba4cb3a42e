//! Interview pieces of the case page, the professional's availability page and the applicant's
//! status page.
use super::*;
use crate::domain::assessment::{BARRIERS, NOTE_MAX_CHARS, PATHS};
use crate::domain::availability::Mode;
use crate::domain::catalogue::SKILLS;
use crate::domain::ids::ApplicantId;
use crate::domain::position::ITALIAN_LEVELS;
use crate::domain::questionnaire::Opt;
use crate::i18n::{Key, Lang};
use crate::ui::forms::{query_value, ErrorSummaryFor, StaffProblem};
use crate::ui::use_lang;
use crate::ui::Loading;
use leptos::either::Either;
use leptos::form::ActionForm;

pub use crate::i18n::WEEKDAY_KEYS;

fn interview_line(lang: Lang, i: &InterviewView) -> String {
    lang.tf(
        Key::interview_line,
        &[
            ("day", &i.day),
            ("time", &i.time),
            ("mode", &i.mode),
            ("place", &i.place),
            ("professional", &i.professional),
        ],
    )
}

/// Free slots as radio buttons, grouped by day.
/// Free slots as a list by day, for an applicant on a phone.
fn slot_list(lang: Lang, free: &[SlotView]) -> impl IntoView {
    let mut days: Vec<(String, Vec<SlotView>)> = Vec::new();
    for s in free {
        match days.last_mut() {
            Some((d, v)) if *d == s.day => v.push(s.clone()),
            _ => days.push((s.day.clone(), vec![s.clone()])),
        }
    }
    view! {
        <fieldset class="field slots" id="f-slot">
            <legend>{lang.t(Key::status_interview_choose)}</legend>
            {days.into_iter().map(|(day, slots)| view! {
                <h3 class="day">{day}</h3>
                {slots.into_iter().map(|s| view! {
                    <label class="choice">
                        <input type="radio" name="slot" value=s.key required=true/>
                        <span><strong dir="ltr">{s.time}</strong> " · " {s.professional} " · " {s.mode} " · " {s.place}</span>
                    </label>
                }).collect_view()}
            }).collect_view()}
        </fieldset>
    }
}

/// Free slots as a week grid: one table per week, days across, times down; in a cell, each
/// professional free then (short name and mode; the full description is what a screen reader says).
/// The mode filter above is the style sheet's (`:has`), so it needs no script.
fn slot_choices(lang: Lang, free: &[SlotView]) -> impl IntoView {
    use chrono::{Datelike, NaiveDate};
    use std::collections::{BTreeMap, BTreeSet};
    let monday = |date: &str| {
        NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map(|d| d - chrono::Days::new(d.weekday().num_days_from_monday().into()))
            .unwrap_or_default()
    };
    let mut weeks: BTreeMap<NaiveDate, Vec<&SlotView>> = BTreeMap::new();
    for s in free {
        weeks.entry(monday(&s.date)).or_default().push(s);
    }
    let modes: BTreeSet<(String, String)> = free
        .iter()
        .map(|s| (s.mode_code.clone(), s.mode.clone()))
        .collect();
    let short_name = |name: &str| {
        let mut parts = name.split_whitespace();
        match (parts.next(), parts.next_back()) {
            (Some(first), Some(last)) => format!("{first} {}.", last.chars().next().unwrap_or(' ')),
            _ => name.to_owned(),
        }
    };
    let tables = weeks
        .into_values()
        .map(|slots| {
            let days: Vec<(String, String)> = slots
                .iter()
                .map(|s| (s.date.clone(), s.day_head.clone()))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let times: BTreeSet<String> = slots.iter().map(|s| s.time.clone()).collect();
            let rows = times
                .into_iter()
                .map(|time| {
                    let cells = days
                        .iter()
                        .map(|(date, _)| {
                            let here = slots
                                .iter()
                                .filter(|s| s.date == *date && s.time == time)
                                .map(|s| {
                                    let full = format!("{} {} · {} · {} · {}", s.day, s.time, s.professional, s.mode, s.place);
                                    let title = full.clone();
                                    view! {
                                        <label class="slot" data-mode=s.mode_code.clone() title=title>
                                            <input type="radio" name="slot" value=s.key.clone() required=true/>
                                            <span aria-hidden="true">{short_name(&s.professional)} <small>{s.mode.clone()}</small></span>
                                            <span class="sr-only">{full}</span>
                                        </label>
                                    }
                                    .into_any()
                                })
                                .collect_view();
                            view! { <td>{here}</td> }.into_any()
                        })
                        .collect_view();
                    view! { <tr><th scope="row" dir="ltr">{time}</th>{cells}</tr> }.into_any()
                })
                .collect_view();
            view! {
                <div class="table-wrap">
                    <table class="slot-week">
                        <thead><tr>
                            <td></td>
                            {days.iter().map(|(_, head)| view! { <th scope="col">{head.clone()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <fieldset class="field slots slot-grid" id="f-slot">
            <legend>{lang.t(Key::interview_choose)}</legend>
            // Not part of the booking: the filter's controls belong to a form of their own.
            <div class="slot-filter" role="group" aria-label=lang.t(Key::interview_filter_mode)>
                <span>{lang.t(Key::interview_filter_mode)} ": "</span>
                <label class="choice inline">
                    <input type="radio" form="slot-filter" name="mode" id="slot-mode-all" checked=true/>
                    <span>{lang.t(Key::interview_filter_all)}</span>
                </label>
                {modes.into_iter().map(|(code, label)| view! {
                    <label class="choice inline">
                        <input type="radio" form="slot-filter" name="mode" id=format!("slot-mode-{code}")/>
                        <span>{label}</span>
                    </label>
                }).collect_view()}
            </div>
            {tables}
        </fieldset>
    }
    .into_any()
}

fn options(lang: Lang, name: &'static str, opts: &'static [Opt]) -> impl IntoView {
    opts.iter()
        .map(move |o| {
            view! {
                <label class="choice">
                    <input type="checkbox" name=format!("a[{name}__{}]", o.value)/>
                    <span>{lang.t(o.label)}</span>
                </label>
            }
        })
        .collect_view()
}

#[derive(Clone, Copy)]
struct Actions {
    book: ServerAction<BookInterview>,
    cancel: ServerAction<CancelInterview>,
    no_show: ServerAction<RecordNoShow>,
    assess: ServerAction<SaveAssessment>,
}

/// The interview part of the case page: booking for the secretariat, no-show and assessment for
/// the professional.
#[component]
pub fn CaseInterview(applicant_id: ApplicantId) -> impl IntoView {
    let lang = use_lang();
    let actions = Actions {
        book: ServerAction::new(),
        cancel: ServerAction::new(),
        no_show: ServerAction::new(),
        assess: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                actions.book.version().get(),
                actions.cancel.version().get(),
                actions.no_show.version().get(),
                actions.assess.version().get(),
            )
        },
        move |_| load_booking(applicant_id),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(case_interview(lang, applicant_id, v, actions)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn case_interview(lang: Lang, id: ApplicantId, v: BookingView, a: Actions) -> impl IntoView {
    let error = query_value("e");
    let ok = query_value("ok");
    let problem = move || {
        error.get().and_then(|e| {
            let (field, key) = match e.as_str() {
                "slot" => ("slot", Key::interview_err_slot),
                "taken" => ("slot", Key::interview_err_taken),
                "state" => ("slot", Key::interview_err_state),
                "a_motivation" => ("motivation", Key::assessment_err_motivation),
                "a_italian" => ("italian", Key::assessment_err_italian),
                "a_paths" => ("paths", Key::assessment_err_paths),
                "a_note" => ("note", Key::assessment_err_note),
                _ => return None,
            };
            Some((field.to_owned(), lang.t(key)))
        })
    };
    let notice = move || {
        ok.get().and_then(|o| {
            let key = match o.as_str() {
                "booked" => Key::interview_booked_done,
                "cancelled" => Key::interview_cancelled_done,
                "no_show" => Key::interview_no_show_done,
                "assessed" => Key::assessment_saved,
                _ => return None,
            };
            Some(view! { <div class="notice success" role="status"><p>{lang.t(key)}</p></div> })
        })
    };
    let booked = v.booked.clone();
    let has_booking = booked.is_some();
    let no_slots = v.free.is_empty();
    let choices = (!no_slots).then(|| slot_choices(lang, &v.free));
    view! {
        <section id="interview">
            <h2>{lang.t(Key::interview_title)}</h2>
            {notice}
            <ErrorSummaryFor
                show=Signal::derive(move || problem().is_some())
                items=Signal::derive(move || problem().map(|(f, m)| vec![(f, lang.t(Key::interview_title), m)]).unwrap_or_default())
            />
            {match booked.clone() {
                Some(i) => Either::Left(view! {
                    <p class="card">{interview_line(lang, &i)}</p>
                    {v.may_book.then(|| view! {
                        <ActionForm action=a.cancel attr:class="inline">
                            <input type="hidden" name="applicant_id" value=id.to_string()/>
                            <button type="submit" class="danger">{lang.t(Key::interview_cancel)}</button>
                        </ActionForm>
                    })}
                }),
                None => Either::Right(view! { <p>{lang.t(Key::interview_none)}</p> }),
            }}
            {(v.may_book && !no_slots).then(|| view! {
                <form id="slot-filter" hidden=true></form>
                <ActionForm action=a.book>
                    <input type="hidden" name="applicant_id" value=id.to_string()/>
                    {choices}
                    <label class="choice">
                        <input type="checkbox" name="wants_earlier" value="on"/>
                        <span>{lang.t(Key::interview_wants_earlier)}</span>
                    </label>
                    <div class="actions">
                        <button type="submit" class="primary">
                            {if has_booking { lang.t(Key::interview_move) } else { lang.t(Key::interview_book) }}
                        </button>
                    </div>
                </ActionForm>
            })}
            {(v.may_book && no_slots).then(|| view! { <p class="empty">{lang.t(Key::interview_no_slots)}</p> })}
        </section>
        {v.assessment.clone().map(|x| view! {
            <section>
                <h2>{lang.t(Key::assessment_title)}</h2>
                <p>{lang.tf(Key::assessment_by, &[("name", &x.by), ("date", &x.at)])}</p>
                <dl class="facts">
                    <dt>{lang.t(Key::assessment_paths)}</dt>
                    <dd>{labels(lang, PATHS, &x.content.paths)}</dd>
                    <dt>{lang.t(Key::assessment_skills)}</dt>
                    <dd>{labels(lang, SKILLS, &x.content.skills)}</dd>
                    <dt>{lang.t(Key::assessment_barriers)}</dt>
                    <dd>{labels(lang, BARRIERS, &x.content.barriers)}</dd>
                    <dt>{lang.t(Key::assessment_motivation)}</dt>
                    <dd>{x.content.motivation} " / 5"</dd>
                    <dt>{lang.t(Key::portal_italian)}</dt>
                    <dd>{labels(lang, ITALIAN_LEVELS, std::slice::from_ref(&x.content.italian))}</dd>
                    <dt>{lang.t(Key::contact_note)}</dt>
                    <dd dir="auto">{x.content.note.clone()}</dd>
                </dl>
            </section>
        })}
        {(v.may_assess && has_booking).then(|| view! {
            <section id="assessment">
                <h2>{lang.t(Key::assessment_record)}</h2>
                <ActionForm action=a.no_show attr:class="inline">
                    <input type="hidden" name="applicant_id" value=id.to_string()/>
                    <button type="submit">{lang.t(Key::interview_no_show)}</button>
                </ActionForm>
                <ActionForm action=a.assess attr:class="narrow">
                    <input type="hidden" name="applicant_id" value=id.to_string()/>
                    <fieldset class="field" id="f-paths">
                        <legend>{lang.t(Key::assessment_paths)}</legend>
                        {options(lang, "paths", PATHS)}
                    </fieldset>
                    <fieldset class="field" id="f-skills">
                        <legend>{lang.t(Key::assessment_skills)}</legend>
                        {options(lang, "skills", SKILLS)}
                    </fieldset>
                    <fieldset class="field" id="f-barriers">
                        <legend>{lang.t(Key::assessment_barriers)}</legend>
                        {options(lang, "barriers", BARRIERS)}
                    </fieldset>
                    <div class="field">
                        <label for="f-motivation">{lang.t(Key::assessment_motivation)}</label>
                        <select id="f-motivation" name="a[motivation]" required=true>
                            <option value="">{lang.t(Key::choose)}</option>
                            {(1..=5).map(|n| view! { <option value=n.to_string()>{n} " / 5"</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-italian">{lang.t(Key::portal_italian)}</label>
                        <select id="f-italian" name="a[italian]" required=true>
                            <option value="">{lang.t(Key::choose)}</option>
                            {ITALIAN_LEVELS.iter().map(|o| view! { <option value=o.value>{lang.t(o.label)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-note">{lang.t(Key::contact_note)} " (" {lang.t(Key::optional)} ")"</label>
                        <textarea id="f-note" name="a[note]" rows="4" maxlength=NOTE_MAX_CHARS.to_string()></textarea>
                    </div>
                    <div class="actions">
                        <button type="submit" class="primary">{lang.t(Key::assessment_save)}</button>
                    </div>
                </ActionForm>
            </section>
        })}
    }
}

fn labels(lang: Lang, opts: &[Opt], values: &[String]) -> String {
    values
        .iter()
        .filter_map(|v| opts.iter().find(|o| o.value == v).map(|o| lang.t(o.label)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn AvailabilityPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddWeeklySlot>::new();
    let remove = ServerAction::<RemoveWeeklySlot>::new();
    let away = ServerAction::<SetAway>::new();
    let data = Resource::new(
        move || {
            (
                add.version().get(),
                remove.version().get(),
                away.version().get(),
            )
        },
        |_| load_availability(),
    );
    let error = query_value("e");
    let problem = move || {
        error.get().map(|e| {
            let (field, key) = match e.as_str() {
                "length" => ("minutes", Key::availability_err_length),
                "place" => ("place", Key::availability_err_place),
                "day" => ("day", Key::availability_err_day),
                _ => ("weekday", Key::availability_err_slot),
            };
            (field.to_owned(), lang.t(key))
        })
    };
    view! {
        <h1>{lang.t(Key::availability_title)}</h1>
        <p class="lead">{lang.t(Key::availability_explain)}</p>
        <ErrorSummaryFor
            show=Signal::derive(move || problem().is_some())
            items=Signal::derive(move || problem().map(|(f, m)| vec![(f, lang.t(Key::availability_title), m)]).unwrap_or_default())
        />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(view! {
                        <h2>{lang.t(Key::availability_weekly)}</h2>
                        {if v.weekly.is_empty() {
                            Either::Left(view! { <p class="empty">{lang.t(Key::availability_none)}</p> })
                        } else {
                            Either::Right(view! {
                                <ul class="plain">
                                    {v.weekly.into_iter().map(|w| {
                                        let label = format!(
                                            "{} {} · {} min · {} · {}",
                                            lang.t(WEEKDAY_KEYS[(w.weekday as usize).clamp(1, 7) - 1]), w.start, w.minutes, w.mode, w.place
                                        );
                                        let button = format!("{} – {label}", lang.t(Key::availability_remove));
                                        view! {
                                            <li>
                                                {label}
                                                <ActionForm action=remove attr:class="inline">
                                                    <input type="hidden" name="id" value=w.id/>
                                                    <button type="submit" class="link" aria-label=button>{lang.t(Key::availability_remove)}</button>
                                                </ActionForm>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })
                        }}
                        <h2>{lang.t(Key::availability_upcoming)}</h2>
                        <ul class="plain">
                            {v.upcoming.into_iter().map(|s| view! { <li>{s.day} " " <span dir="ltr">{s.time}</span> " · " {s.mode}</li> }).collect_view()}
                        </ul>
                        {(!v.away.is_empty()).then(|| view! {
                            <h2>{lang.t(Key::availability_away_days)}</h2>
                            <ul class="plain">{v.away.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                        })}
                    }),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
        <h2>{lang.t(Key::availability_add)}</h2>
        <ActionForm action=add attr:class="narrow" attr:novalidate=true>
            <div class="field">
                <label for="f-weekday">{lang.t(Key::availability_weekday)}</label>
                <select id="f-weekday" name="weekday">
                    {(1..=7).map(|n| view! { <option value=n.to_string()>{lang.t(WEEKDAY_KEYS[n - 1])}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-start">{lang.t(Key::availability_start)}</label>
                <input id="f-start" name="start" type="time" value="09:00" class="short" dir="ltr"/>
            </div>
            <div class="field">
                <label for="f-minutes">{lang.t(Key::availability_minutes)}</label>
                <input id="f-minutes" name="minutes" type="number" min="15" max="180" step="5" value="45" class="short" dir="ltr"/>
            </div>
            <div class="field">
                <label for="f-mode">{lang.t(Key::availability_mode)}</label>
                <select id="f-mode" name="mode">
                    {Mode::ALL.into_iter().map(|m| view! { <option value=m.code()>{mode_text(lang, m)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-place">{lang.t(Key::availability_place)}</label>
                <input id="f-place" name="place" type="text" maxlength="200"/>
            </div>
            <div class="actions">
                <button type="submit" class="primary">{lang.t(Key::availability_save)}</button>
            </div>
        </ActionForm>
        <h2>{lang.t(Key::availability_away_title)}</h2>
        <ActionForm action=away attr:class="narrow">
            <input type="hidden" name="away" value="yes"/>
            <div class="field">
                <label for="f-day">{lang.t(Key::availability_day)}</label>
                <input id="f-day" name="day" type="date" class="short" dir="ltr" required=true/>
            </div>
            <div class="actions">
                <button type="submit">{lang.t(Key::availability_away_button)}</button>
            </div>
        </ActionForm>
    }
}

fn mode_text(lang: Lang, m: Mode) -> &'static str {
    lang.t(match m {
        Mode::Office => Key::mode_office,
        Mode::Phone => Key::mode_phone,
        Mode::Video => Key::mode_video,
    })
}

/// On the applicant's status page: their interview, with a way to move or cancel it.
#[component]
pub fn ApplicantInterview() -> impl IntoView {
    let lang = use_lang();
    let moved = ServerAction::<MoveMyInterview>::new();
    let cancel = ServerAction::<CancelMyInterview>::new();
    let data = Resource::new(
        move || (moved.version().get(), cancel.version().get()),
        |_| load_my_interview(),
    );
    let error = query_value("e");
    let ok = query_value("ok");
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().flatten().and_then(|v| v.booked.clone().map(|i| (v, i))).map(|(v, i)| view! {
                    <section id="interview" class="card">
                        <h2>{lang.t(Key::status_interview_title)}</h2>
                        {move || (ok.get().as_deref() == Some("moved")).then(|| view! {
                            <div class="notice success" role="status"><p>{lang.t(Key::status_interview_moved)}</p></div>
                        })}
                        {move || error.get().map(|_| view! {
                            <div class="notice error" role="alert"><p>{lang.t(Key::status_interview_taken)}</p></div>
                        })}
                        <p class="lead">{interview_line(lang, &i)}</p>
                        <details>
                            <summary>{lang.t(Key::status_interview_move)}</summary>
                            <ActionForm action=moved>
                                {slot_list(lang, &v.free)}
                                <div class="actions">
                                    <button type="submit" class="primary">{lang.t(Key::interview_move)}</button>
                                </div>
                            </ActionForm>
                        </details>
                        <ActionForm action=cancel>
                            <p>{lang.t(Key::status_interview_cancel_explain)}</p>
                            <button type="submit" class="danger">{lang.t(Key::interview_cancel)}</button>
                        </ActionForm>
                    </section>
                })
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::availability::Mode;

    /// The grid's mode filter is the style sheet's: each mode needs its rule there.
    #[test]
    fn every_mode_can_be_filtered_by_the_style_sheet() {
        let css = include_str!("../../../style/main.css");
        for mode in Mode::ALL {
            let code = mode.code();
            let rule = format!(r#"#slot-mode-{code}:checked) .slot:not([data-mode="{code}"])"#);
            assert!(css.contains(&rule), "style/main.css lacks {rule}");
        }
    }
}
