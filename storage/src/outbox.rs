//! Messages to applicants (email, SMS) are written in the same transaction as what causes them and
//! sent later by a background worker, so a failing mail server never loses or blocks an enrolment.
use crate::{Store, StoreError};
use sqlx::Any;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn code(&self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub channel: Channel,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// An iCalendar invitation sent with an email (`text/calendar`).
    pub calendar: Option<String>,
}

impl NewMessage {
    /// The same text by SMS to `mobile` and by email to `email`, for those the person gave.
    pub fn to_person(
        mobile: Option<&str>,
        email: Option<&str>,
        subject: &str,
        body: &str,
        calendar: Option<String>,
    ) -> Vec<NewMessage> {
        let sms = mobile.map(|m| NewMessage {
            channel: Channel::Sms,
            recipient: m.to_owned(),
            subject: String::new(),
            body: body.to_owned(),
            calendar: None,
        });
        let mail = email.map(|e| NewMessage {
            channel: Channel::Email,
            recipient: e.to_owned(),
            subject: subject.to_owned(),
            body: body.to_owned(),
            calendar,
        });
        sms.into_iter().chain(mail).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub attempts: i64,
    pub calendar: Option<String>,
}

pub(crate) async fn enqueue(
    tx: &mut sqlx::Transaction<'_, Any>,
    message: &NewMessage,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO outbox (channel, recipient, subject, body, created_at, calendar) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(message.channel.code())
        .bind(&message.recipient)
        .bind(&message.subject)
        .bind(&message.body)
        .bind(now)
        .bind(&message.calendar)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const MESSAGE_COLUMNS: &str =
    "id, channel, recipient, subject, body, created_at, sent_at, attempts, calendar";

impl Store {
    /// Queues one message on its own (when nothing else is written with it).
    pub async fn enqueue_message(&self, message: &NewMessage, now: i64) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        enqueue(&mut tx, message, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Leases up to `limit` unsent messages for `lease_secs` to this sender: another instance
    /// draining the outbox at the same moment gets other messages (the update re-checks the lease).
    pub async fn outbox_claim(
        &self,
        now: i64,
        lease_secs: i64,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let mut out: Vec<OutboxMessage> = sqlx::query_as(&format!(
            "UPDATE outbox SET lease_until = $1
             WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < 10
                            AND (lease_until IS NULL OR lease_until < $2) ORDER BY id LIMIT $3)
               AND sent_at IS NULL AND (lease_until IS NULL OR lease_until < $2)
             RETURNING {MESSAGE_COLUMNS}"
        ))
        .bind(now + lease_secs)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.writer)
        .await?;
        out.sort_by_key(|m| m.id);
        Ok(out)
    }

    /// Unsent messages, oldest first, skipping those that failed too often.
    pub async fn outbox_pending(&self, limit: i64) -> Result<Vec<OutboxMessage>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox WHERE sent_at IS NULL AND attempts < 10 ORDER BY id LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.writer)
        .await?)
    }

    /// The newest messages, sent or not: the development mail page.
    pub async fn outbox_recent(&self, limit: i64) -> Result<Vec<OutboxMessage>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox ORDER BY id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.reader)
        .await?)
    }

    /// Marks a message sent. With `forget_body` (production) its text and calendar go: they may
    /// carry a personal link, and a sent message needs only its metadata (who, which channel,
    /// when, subject).
    pub async fn outbox_mark_sent(
        &self,
        id: i64,
        now: i64,
        forget_body: bool,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $1, attempts = attempts + 1,
                body = CASE WHEN $2 = 1 THEN '' ELSE body END,
                calendar = CASE WHEN $2 = 1 THEN NULL ELSE calendar END
             WHERE id = $3",
        )
        .bind(now)
        .bind(i64::from(forget_body))
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn outbox_mark_failed(&self, id: i64, error: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2")
            .bind(error)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
