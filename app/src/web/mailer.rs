//! Drains the outbox: email over SMTP (lettre), SMS through a provider. In development, without
//! SMTP settings or an SMS provider, messages are marked sent and the development mail page shows
//! them; in production a message is marked sent only once a transport took it (the server does
//! not start without SMTP, and text messages without a provider are marked failed).
use super::time::now;
use crate::config::Smtp;
use crate::storage::{OutboxMessage, Store};
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Sends text messages; the real provider is configured per deployment.
pub trait SmsProvider: Send + Sync {
    fn send(&self, to: &str, body: &str) -> Result<(), String>;
}

/// How a message leaves, or why it does not.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    Email,
    Sms,
    /// Development only: kept in the outbox for the mail page and marked sent.
    ShownOnly,
    NotSent(&'static str),
}

fn route(channel: &str, has_smtp: bool, has_sms: bool, development: bool) -> Route {
    match (channel, has_smtp, has_sms) {
        ("email", true, _) => Route::Email,
        (_, _, true) if channel != "email" => Route::Sms,
        _ if development => Route::ShownOnly,
        ("email", ..) => Route::NotSent("no_smtp"),
        _ => Route::NotSent("no_sms_provider"),
    }
}

/// Messages leased at a time.
const BATCH: i64 = 50;

async fn send_email(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
    m: &OutboxMessage,
) -> Result<(), &'static str> {
    let builder = Message::builder()
        .from(from.parse().map_err(|_| "bad_from")?)
        .to(m.recipient.parse().map_err(|_| "bad_recipient")?)
        .subject(m.subject.clone());
    let email = match &m.calendar {
        None => builder
            .header(ContentType::TEXT_PLAIN)
            .body(m.body.clone())
            .map_err(|_| "build")?,
        Some(ics) => {
            use lettre::message::{Attachment, MultiPart, SinglePart};
            let method = super::calendar::method_of(ics);
            let calendar =
                ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                    .map_err(|_| "build")?;
            builder
                .multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(m.body.clone()))
                        .singlepart(
                            Attachment::new("invito.ics".into()).body(ics.clone(), calendar),
                        ),
                )
                .map_err(|_| "build")?
        }
    };
    transport.send(email).await.map(|_| ()).map_err(|_| "smtp")
}

pub fn spawn(
    store: Store,
    smtp: Option<Smtp>,
    sms: Option<Box<dyn SmsProvider>>,
    development: bool,
) {
    let transport = smtp.as_ref().and_then(|s| {
        let builder = AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)
            .ok()?
            .port(s.port);
        let builder = if s.username.is_empty() {
            builder
        } else {
            builder.credentials(Credentials::new(s.username.clone(), s.password.clone()))
        };
        Some(builder.build())
    });
    if smtp.is_some() && transport.is_none() {
        tracing::error!("SMTP settings could not be used; mail stays in the outbox");
    }
    tokio::spawn(async move {
        loop {
            let mut full = false;
            match store.outbox_claim(now(), 120, BATCH).await {
                Ok(batch) => {
                    full = batch.len() == BATCH as usize;
                    for m in batch {
                        let result =
                            match route(&m.channel, smtp.is_some(), sms.is_some(), development) {
                                Route::Email => match (&transport, &smtp) {
                                    (Some(t), Some(s)) => send_email(t, &s.from, &m).await,
                                    _ => Err("smtp_unavailable"),
                                },
                                Route::Sms => match &sms {
                                    Some(p) => p.send(&m.recipient, &m.body).map_err(|_| "sms"),
                                    None => Err("no_sms_provider"),
                                },
                                Route::ShownOnly => Ok(()),
                                Route::NotSent(code) => Err(code),
                            };
                        let saved = match result {
                            Ok(()) => store.outbox_mark_sent(m.id, now(), !development).await,
                            Err(code) => {
                                tracing::warn!(id = m.id, error = code, "message not sent");
                                store.outbox_mark_failed(m.id, code).await
                            }
                        };
                        if let Err(e) = saved {
                            tracing::error!(id = m.id, "outbox could not be updated: {e}");
                        }
                    }
                }
                Err(e) => tracing::error!("outbox could not be read: {e}"),
            }
            // A full batch means more are waiting (a burst of enrolments): go on at once, so that
            // confirmations are not held back at one batch per pause.
            if !full {
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_never_marks_a_message_sent_without_a_transport() {
        assert_eq!(
            route("email", false, false, false),
            Route::NotSent("no_smtp")
        );
        assert_eq!(
            route("sms", true, false, false),
            Route::NotSent("no_sms_provider")
        );
        assert_eq!(route("email", true, false, false), Route::Email);
        assert_eq!(route("sms", false, true, false), Route::Sms);
        // development keeps them for the mail page
        assert_eq!(route("email", false, false, true), Route::ShownOnly);
        assert_eq!(route("sms", false, false, true), Route::ShownOnly);
        // a configured transport is used in development too
        assert_eq!(route("email", true, false, true), Route::Email);
    }
}
