//! Drains the outbox: email over SMTP (lettre), SMS through a provider. Without SMTP settings
//! (development) messages are only marked sent, and the development mail page shows them.
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

/// Development: the message stays in the outbox for the mail page; only its id is logged.
pub struct LoggedSms;

impl SmsProvider for LoggedSms {
    fn send(&self, _to: &str, _body: &str) -> Result<(), String> {
        Ok(())
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
            let calendar = ContentType::parse("text/calendar; charset=utf-8; method=REQUEST")
                .map_err(|_| "build")?;
            builder
                .multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(m.body.clone()))
                        .singlepart(
                            Attachment::new("colloquio.ics".into()).body(ics.clone(), calendar),
                        ),
                )
                .map_err(|_| "build")?
        }
    };
    transport.send(email).await.map(|_| ()).map_err(|_| "smtp")
}

pub fn spawn(store: Store, smtp: Option<Smtp>, sms: Box<dyn SmsProvider>) {
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
                        let result = match (m.channel.as_str(), &transport, &smtp) {
                            ("email", Some(t), Some(s)) => send_email(t, &s.from, &m).await,
                            ("email", _, None) => Ok(()),
                            ("email", None, Some(_)) => Err("smtp_unavailable"),
                            _ => sms.send(&m.recipient, &m.body).map_err(|_| "sms"),
                        };
                        let saved = match result {
                            Ok(()) => store.outbox_mark_sent(m.id, now()).await,
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
