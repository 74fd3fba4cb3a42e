//! The dashboard page: figures, tables and bar charts drawn as SVG on the server.
use super::*;
use crate::i18n::{Key, Lang};
use crate::ui::forms::StaffProblem;
use crate::ui::labels::band_label;
use crate::ui::use_lang;
use crate::ui::Loading;
use leptos::either::Either;

fn pct(lang: Lang, v: Option<f64>) -> String {
    v.map(|v| lang.percent(v)).unwrap_or_else(|| "–".into())
}

fn days(lang: Lang, v: Option<f64>) -> String {
    v.map(|v| lang.decimal(v, 1)).unwrap_or_else(|| "–".into())
}

/// Bars of the share contacted within the target, one per period, with the 28-day line at 100%.
fn chart(lang: Lang, rows: &[PeriodRow], title: &str) -> impl IntoView {
    // Room at the bottom for the period under each bar.
    let (w, h, pad, foot) = (640.0, 250.0, 30.0, 60.0);
    let n = rows.len().max(1) as f64;
    let bar = (w - 2.0 * pad) / n;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let x = pad + i as f64 * bar + bar * 0.15;
            let share = r.within_target.unwrap_or(0.0);
            let bh = (h - pad - foot) * share;
            let y = h - foot - bh;
            let text = format!("{}: {}", r.label, pct(lang, r.within_target));
            let mid = format!("{:.1}", x + bar * 0.35);
            view! {
                <g>
                    <title>{text}</title>
                    <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{:.1}", bar * 0.7) height=format!("{bh:.1}") class="bar"/>
                    <text x=mid.clone() y=format!("{:.1}", y - 4.0) text-anchor="middle" class="value">{pct(lang, r.within_target)}</text>
                    <text x=mid.clone() y=format!("{:.1}", h - foot + 18.0) text-anchor="middle" class="period">{r.axis.clone()}</text>
                    {r.axis_year.clone().map(|year| view! {
                        <text x=mid.clone() y=format!("{:.1}", h - foot + 36.0) text-anchor="middle" class="period">{year}</text>
                    })}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg viewBox=format!("0 0 {w} {h}") class="chart" role="img" aria-label=title.to_owned()>
            <line x1=pad y1=h - foot x2=w - pad y2=h - foot class="axis"/>
            <line x1=pad y1=pad x2=w - pad y2=pad class="goal"/>
            <text x=pad y=pad - 8.0 class="value">{lang.t(Key::dashboard_all_contacted)}</text>
            {bars}
        </svg>
    }
}

fn table(lang: Lang, rows: &[PeriodRow], caption: &str) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <caption>{caption.to_owned()}</caption>
                <thead><tr>
                    <th scope="col">{lang.t(Key::dashboard_period)}</th>
                    <th scope="col">{lang.t(Key::dashboard_received)}</th>
                    <th scope="col">{lang.t(Key::dashboard_within_28)}</th>
                    <th scope="col">{lang.t(Key::dashboard_within_35)}</th>
                </tr></thead>
                <tbody>
                    {rows.iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.label.clone()}</th>
                            <td>{lang.integer(r.received.into())}</td>
                            <td>{pct(lang, r.within_target)}</td>
                            <td>{pct(lang, r.within_limit)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| load_dashboard());
    view! {
        <h1>{lang.t(Key::dashboard_title)}</h1>
        <p><a href="/staff/dashboard.csv" download="insieme-contatti.csv">{lang.t(Key::dashboard_csv)}</a></p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(view! {
                        <dl class="facts figures">
                            <dt>{lang.t(Key::dashboard_median_contact)}</dt><dd>{days(lang, v.median_contact_days)}</dd>
                            <dt>{lang.t(Key::dashboard_median_interview)}</dt><dd>{days(lang, v.median_interview_days)}</dd>
                            <dt>{lang.t(Key::dashboard_no_show)}</dt>
                            <dd>{lang.plural(Key::dashboard_no_show_counted, v.interviews_counted, &[("pct", &pct(lang, v.no_show_rate))])}</dd>
                        </dl>
                        <h2>{lang.t(Key::dashboard_backlog)}</h2>
                        <ul class="plain">
                            {v.backlog.iter().map(|(b, n)| view! { <li>{band_label(lang, *b)} ": " <strong>{lang.integer(*n)}</strong></li> }).collect_view()}
                        </ul>
                        <h2>{lang.t(Key::dashboard_forecast)}</h2>
                        <ul class="plain">
                            {v.forecast.iter().map(|(d, n)| view! { <li>{d.clone()} ": " <strong>{lang.integer((*n).into())}</strong></li> }).collect_view()}
                        </ul>
                        <h2>{lang.t(Key::dashboard_weeks)}</h2>
                        {chart(lang, &v.weeks, lang.t(Key::dashboard_weeks))}
                        {table(lang, &v.weeks, lang.t(Key::dashboard_weeks))}
                        <h2>{lang.t(Key::dashboard_months)}</h2>
                        {chart(lang, &v.months, lang.t(Key::dashboard_months))}
                        {table(lang, &v.months, lang.t(Key::dashboard_months))}
                    }),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}
