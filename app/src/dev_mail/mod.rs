//! Development only: the page that lists the mail and text messages the application would have
//! sent (the outbox), so that a link sent by email can be followed on a laptop.
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::{use_lang, Loading, Problem};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub(crate) mod server;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailView {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub sent: bool,
    /// The calendar attachment (an invitation or its cancellation), as sent.
    pub calendar: Option<String>,
}

#[server(prefix = "/api", endpoint = "dev_mail")]
pub async fn dev_mail() -> Result<Vec<MailView>, AppError> {
    server::dev_mail().await
}

#[component]
pub fn DevMail() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| dev_mail());
    view! {
        <h1>{lang.t(Key::dev_mail_title)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! {
                        <ol class="mail" dir="ltr">
                            {list.into_iter().map(|m| view! {
                                <li class="card" data-id=m.id>
                                    <p><strong>{m.channel}</strong> " → " <span class="recipient">{m.recipient}</span>
                                    {if m.sent { " ✓" } else { " …" }}</p>
                                    <p><strong>{m.subject}</strong></p>
                                    <pre>{m.body}</pre>
                                    {m.calendar.map(|ics| view! {
                                        <details class="calendar">
                                            <summary>"invito.ics"</summary>
                                            <pre>{ics}</pre>
                                        </details>
                                    })}
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(e) => view! { <Problem error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}
