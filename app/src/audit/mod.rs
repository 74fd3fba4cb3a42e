//! The audit log for admins: who opened or changed which record, and when (never the data).
use crate::domain::ids::StaffId;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::forms::{query_value, StaffProblem};
use crate::ui::use_lang;
use crate::ui::Loading;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::Form;
use serde::{Deserialize, Serialize};

pub const ACTIONS: &[&str] = &[
    "staff_logged_in",
    "staff_login_failed",
    "staff_login_held_off",
    "second_factor_failed",
    "staff_locked",
    "second_factor_enrolled",
    "second_factor_reset",
    "staff_logged_out",
    "staff_logged_out_everywhere",
    "password_changed",
    "password_change_refused",
    "staff_session_ended",
    "staff_other_sessions_ended",
    "staff_sessions_ended",
    "all_sessions_ended",
    "staff_invited",
    "staff_roles",
    "staff_active",
    "audit_viewed",
    "case_opened",
    "case_assigned",
    "contact_logged",
    "case_changed",
    "interview_booked",
    "interview_cancelled",
    "interview_no_show",
    "assessment_saved",
    "plan_saved",
    "plan_agreed",
    "course_created",
    "course_enrolled",
    "course_waiting",
    "course_seat_freed",
    "course_left",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub who: String,
    pub action: String,
    pub reference: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub rows: Vec<AuditRow>,
    pub staff: Vec<(StaffId, String)>,
    pub page: i64,
    pub has_next: bool,
}

#[server(prefix = "/api", endpoint = "load_audit")]
pub async fn load_audit(
    #[server(default)] staff: String,
    #[server(default)] reference: String,
    #[server(default)] action: String,
    #[server(default)] page: String,
) -> Result<AuditView, AppError> {
    use crate::web::{state, time::now};
    let state = state()?;
    let admin = crate::web::access::require::<LoadAudit>()?;
    let page = page.trim().parse::<i64>().unwrap_or(1).clamp(1, 100_000);
    let reference = reference.trim().to_uppercase();
    let action = Some(action.trim()).filter(|a| ACTIONS.contains(a));
    let (entries, has_next) = state
        .store
        .audit_entries(
            staff.trim().parse().ok(),
            Some(reference.as_str()).filter(|r| !r.is_empty()),
            action,
            (page - 1) * 50,
            50,
        )
        .await?;
    state
        .store
        .audit(Some(admin.id), "audit_viewed", None, "", now())
        .await?;
    let lang = crate::ui::request_lang();
    let staff = state
        .store
        .list_staff()
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    Ok(AuditView {
        rows: entries
            .into_iter()
            .map(|e| {
                let local = chrono::DateTime::from_timestamp(e.at, 0)
                    .unwrap_or_default()
                    .with_timezone(&crate::domain::deadline::PROGRAMME_TZ);
                AuditRow {
                    at: format!(
                        "{} {}",
                        crate::i18n::format_date(lang, local.date_naive()),
                        local.format("%H:%M:%S")
                    ),
                    who: e.staff_name.unwrap_or_default(),
                    action: e.action,
                    reference: e.applicant_reference.unwrap_or_default(),
                    detail: e.detail,
                }
            })
            .collect(),
        staff,
        page,
        has_next,
    })
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let staff = query_value("staff");
    let reference = query_value("reference");
    let action = query_value("action");
    let page = query_value("page");
    let data = Resource::new(
        move || (staff.get(), reference.get(), action.get(), page.get()),
        |(s, r, a, p)| {
            load_audit(
                s.unwrap_or_default(),
                r.unwrap_or_default(),
                a.unwrap_or_default(),
                p.unwrap_or_default(),
            )
        },
    );
    view! {
        <h1>{lang.t(Key::audit_title)}</h1>
        <p class="lead">{lang.t(Key::audit_explain)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let (s, r, a) = (staff.get_untracked().unwrap_or_default(), reference.get_untracked().unwrap_or_default(), action.get_untracked().unwrap_or_default());
                let next_href = format!("/staff/audit?staff={s}&action={a}&page=");
                let staff_options = move |v: &AuditView| v.staff.iter().map(|(id, name)| view! {
                    <option value=id.to_string() selected=s == id.to_string()>{name.clone()}</option>
                }).collect_view();
                let action_options = ACTIONS.iter().map(|x| view! { <option value=*x selected=a == *x>{*x}</option> }).collect_view();
                match data.await {
                    Ok(v) => Either::Left({
                        let staff_list = staff_options(&v);
                        let (page, has_next) = (v.page, v.has_next);
                        let rows = v.rows.into_iter().map(|r| view! {
                            <tr>
                                <td>{r.at}</td>
                                <td>{r.who}</td>
                                <td><code>{r.action}</code> " " {r.detail}</td>
                                <td dir="ltr">{r.reference}</td>
                            </tr>
                        }).collect_view();
                        view! {
                        <Form method="GET" action="/staff/audit" attr:class="filters">
                            <div class="field">
                                <label for="f-staff">{lang.t(Key::audit_who)}</label>
                                <select id="f-staff" name="staff">
                                    <option value="">{lang.t(Key::queue_any)}</option>
                                    {staff_list}
                                </select>
                            </div>
                            <div class="field">
                                <label for="f-reference">{lang.t(Key::audit_reference)}</label>
                                <input id="f-reference" name="reference" type="text" value=r dir="ltr" maxlength="20"/>
                            </div>
                            <div class="field">
                                <label for="f-action">{lang.t(Key::audit_action)}</label>
                                <select id="f-action" name="action">
                                    <option value="">{lang.t(Key::queue_any)}</option>
                                    {action_options}
                                </select>
                            </div>
                            <div class="actions">
                                <button type="submit" class="primary">{lang.t(Key::queue_filter)}</button>
                            </div>
                        </Form>
                        <div class="table-wrap">
                            <table>
                                <caption>{lang.t(Key::audit_title)}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t(Key::audit_when)}</th>
                                    <th scope="col">{lang.t(Key::audit_who)}</th>
                                    <th scope="col">{lang.t(Key::audit_action)}</th>
                                    <th scope="col">{lang.t(Key::audit_reference)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <nav class="pager" aria-label=lang.t(Key::queue_pages)>
                            <span>{lang.tf(Key::queue_page, &[("page", &page.to_string())])}</span>
                            {has_next.then(|| view! {
                                <a href=format!("{next_href}{}", page + 1) rel="next">{lang.t(Key::queue_next)}</a>
                            })}
                        </nav>
                    }}),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}
