//! Enrolment, with group commit. Submissions that arrive while earlier ones are being written wait
//! together and are then written in one transaction, so one disk sync (SQLite's
//! `synchronous=FULL`, PostgreSQL's WAL flush) makes all of them durable, and nobody is answered
//! before it. When anything in a group fails, the group is rolled back and each of its submissions
//! is written again on its own: one bad submission never costs the others theirs.
use super::intake::{is_unique_violation, name_key};
use super::outbox::{enqueue, NewMessage};
use super::{NewApplicant, Store, StoreError, SubmitOutcome};
use sqlx::{Any, AnyPool, Row, Transaction};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Mutex};

/// The messages that confirm an enrolment, given its reference.
pub type Messages = Box<dyn Fn(&str) -> Vec<NewMessage> + Send + Sync>;

struct Submission {
    draft_id: i64,
    applicant: NewApplicant,
    status_token: String,
    messages: Messages,
    reply: oneshot::Sender<Result<SubmitOutcome, StoreError>>,
}

/// The largest group written in one transaction: a burst bigger than this is written in several.
const GROUP_MAX: usize = 256;

/// Where submissions wait to be written.
#[derive(Clone)]
pub(super) struct Enrolments(mpsc::UnboundedSender<Submission>);

impl Enrolments {
    /// Starts `writers` tasks that take turns at the waiting submissions: one for SQLite (it has
    /// one writer connection anyway), most of the pool for PostgreSQL, whose round trips overlap.
    pub(super) fn start(writer: AnyPool, reader: AnyPool, writers: usize) -> Enrolments {
        let (sender, receiver) = mpsc::unbounded_channel();
        let receiver = Arc::new(Mutex::new(receiver));
        for _ in 0..writers {
            tokio::spawn(write_groups(
                receiver.clone(),
                writer.clone(),
                reader.clone(),
            ));
        }
        Enrolments(sender)
    }
}

async fn write_groups(
    receiver: Arc<Mutex<mpsc::UnboundedReceiver<Submission>>>,
    writer: AnyPool,
    reader: AnyPool,
) {
    let mut group = Vec::with_capacity(GROUP_MAX);
    loop {
        if receiver.lock().await.recv_many(&mut group, GROUP_MAX).await == 0 {
            return;
        }
        write_group(&writer, &reader, std::mem::take(&mut group)).await;
    }
}

async fn write_group(writer: &AnyPool, reader: &AnyPool, group: Vec<Submission>) {
    if group.len() > 1 {
        match together(writer, &group).await {
            Ok(outcomes) => {
                for (s, outcome) in group.into_iter().zip(outcomes) {
                    let _ = s.reply.send(Ok(outcome));
                }
                return;
            }
            Err(e) => tracing::warn!(
                size = group.len(),
                "enrolment group rolled back, written one by one: {e}"
            ),
        }
    }
    for s in group {
        let outcome = alone(writer, reader, &s).await;
        let _ = s.reply.send(outcome);
    }
}

async fn together(
    writer: &AnyPool,
    group: &[Submission],
) -> Result<Vec<SubmitOutcome>, StoreError> {
    let mut tx = writer.begin().await?;
    let mut outcomes = Vec::with_capacity(group.len());
    for s in group {
        outcomes.push(enrol(&mut tx, s).await?);
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn alone(
    writer: &AnyPool,
    reader: &AnyPool,
    s: &Submission,
) -> Result<SubmitOutcome, StoreError> {
    let mut tx = writer.begin().await?;
    match enrol(&mut tx, s).await {
        Ok(outcome) => {
            tx.commit().await?;
            Ok(outcome)
        }
        // A submission of the same person through another server instance won the race.
        Err(StoreError::Database(e)) if is_unique_violation(&e) => {
            tx.rollback().await?;
            let mut tx = reader.begin().await?;
            match find_same_person(&mut tx, &s.applicant).await? {
                Some(applicant_id) => Ok(SubmitOutcome::Duplicate { applicant_id }),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e),
    }
}

/// Writes one enrolment inside `tx`: applicant, enrolment with its contact deadlines, status
/// token, confirmation messages, and the draft marked as submitted. An outcome other than
/// `Enrolled` writes nothing.
async fn enrol(tx: &mut Transaction<'_, Any>, s: &Submission) -> Result<SubmitOutcome, StoreError> {
    let a = &s.applicant;
    let previous: Option<Option<i64>> =
        sqlx::query("SELECT applicant_id FROM drafts WHERE id = $1")
            .bind(s.draft_id)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| r.try_get("applicant_id"))
            .transpose()?;
    match previous {
        None => return Err(StoreError::NotFound),
        Some(Some(applicant_id)) => return Ok(SubmitOutcome::AlreadySubmitted { applicant_id }),
        Some(None) => {}
    }
    // Inside the group's transaction this also finds the people enrolled earlier in the group.
    if let Some(applicant_id) = find_same_person(tx, a).await? {
        return Ok(SubmitOutcome::Duplicate { applicant_id });
    }
    let applicant_id: i64 = sqlx::query(
        "INSERT INTO applicants (reference, submission_key, first_name, last_name, birth_date, sex, gender,
            codice_fiscale, identity_key, mobile, email, language, comune_istat, answers, privacy_version, created_at, name_key)
         VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(format!("draft-{}", s.draft_id))
    .bind(&a.first_name)
    .bind(&a.last_name)
    .bind(&a.birth_date)
    .bind(&a.sex)
    .bind(&a.gender)
    .bind(&a.codice_fiscale)
    .bind(&a.identity_key)
    .bind(&a.mobile)
    .bind(&a.email)
    .bind(&a.language)
    .bind(&a.comune_istat)
    .bind(&a.answers_json)
    .bind(&a.privacy_version)
    .bind(a.received_at)
    .bind(name_key(&a.last_name, &a.first_name))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    let reference = format!("BO-{applicant_id:06}");
    sqlx::query("UPDATE applicants SET reference = $1 WHERE id = $2")
        .bind(&reference)
        .bind(applicant_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO enrolments (applicant_id, state, received_at, due_soon_at, contact_due, contact_limit,
            comune_istat, language, needs_flagged)
         VALUES ($1, 'received', $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(applicant_id)
    .bind(a.received_at)
    .bind(a.due_soon_at)
    .bind(a.contact_due)
    .bind(a.contact_limit)
    .bind(&a.comune_istat)
    .bind(&a.language)
    .bind(i64::from(a.needs_flagged))
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO status_tokens (token_hash, applicant_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(&a.status_token_hash)
    .bind(applicant_id)
    .bind(a.received_at)
    .execute(&mut **tx)
    .await?;
    for m in (s.messages)(&reference) {
        enqueue(tx, &m, a.received_at).await?;
    }
    // The answers now live with the applicant; the draft keeps only what the confirmation shows.
    sqlx::query(
        "UPDATE drafts SET applicant_id = $1, outcome = 'enrolled', answers = '{}', status_token = $2, updated_at = $3
         WHERE id = $4",
    )
    .bind(applicant_id)
    .bind(&s.status_token)
    .bind(a.received_at)
    .bind(s.draft_id)
    .execute(&mut **tx)
    .await?;
    Ok(SubmitOutcome::Enrolled {
        applicant_id,
        reference,
    })
}

async fn find_same_person(
    tx: &mut Transaction<'_, Any>,
    a: &NewApplicant,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(
        "SELECT id FROM applicants WHERE (codice_fiscale IS NOT NULL AND codice_fiscale = $1) OR identity_key = $2
         ORDER BY id LIMIT 1",
    )
    .bind(&a.codice_fiscale)
    .bind(&a.identity_key)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.try_get("id")).transpose()?)
}

impl Store {
    /// Enrols the applicant of draft `draft_id`: applicant, enrolment with its contact deadlines,
    /// status token, the messages `messages(reference)` returns, and the draft marked as
    /// submitted, all or nothing, and durable before this returns. Idempotent per draft; the same
    /// person cannot be enrolled twice.
    pub async fn submit(
        &self,
        draft_id: i64,
        a: &NewApplicant,
        status_token: &str,
        messages: impl Fn(&str) -> Vec<NewMessage> + Send + Sync + 'static,
    ) -> Result<SubmitOutcome, StoreError> {
        let (reply, answer) = oneshot::channel();
        let submission = Submission {
            draft_id,
            applicant: a.clone(),
            status_token: status_token.to_owned(),
            messages: Box::new(messages),
            reply,
        };
        match self.enrolments.0.send(submission) {
            Ok(()) => answer
                .await
                .unwrap_or(Err(StoreError::Database(sqlx::Error::WorkerCrashed))),
            // The writer tasks have stopped with the runtime that started them: write here.
            Err(mpsc::error::SendError(s)) => alone(&self.writer, &self.reader, &s).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::test_support::on_every_backend;
    use crate::storage::{Channel, NewDraft};

    fn person(n: u32, token_hash: &str) -> NewApplicant {
        NewApplicant {
            first_name: format!("Ada{n}"),
            last_name: "Neri".into(),
            birth_date: "1985-03-04".into(),
            sex: "F".into(),
            gender: "woman".into(),
            codice_fiscale: None,
            identity_key: format!("group-identity-{n}"),
            mobile: format!("+39347{n:07}"),
            email: None,
            language: "it".into(),
            comune_istat: "037006".into(),
            answers_json: "{}".into(),
            privacy_version: "test".into(),
            received_at: 1_000,
            due_soon_at: 2_000,
            contact_due: 3_000,
            contact_limit: 4_000,
            needs_flagged: false,
            status_token_hash: token_hash.into(),
        }
    }

    async fn submission(
        store: &Store,
        n: u32,
        a: NewApplicant,
    ) -> (
        Submission,
        oneshot::Receiver<Result<SubmitOutcome, StoreError>>,
    ) {
        let draft_id = store
            .create_draft(&NewDraft {
                token_hash: format!("group-draft-{n}"),
                comune_istat: "037006".into(),
                answers_json: "{}".into(),
                now: 100,
                expires_at: 10_000,
            })
            .await
            .unwrap();
        let (reply, answer) = oneshot::channel();
        let s = Submission {
            draft_id,
            applicant: a,
            status_token: format!("plain-{n}"),
            messages: Box::new(|reference| {
                vec![NewMessage {
                    calendar: None,
                    channel: Channel::Sms,
                    recipient: "+393470000000".into(),
                    subject: String::new(),
                    body: reference.to_owned(),
                }]
            }),
            reply,
        };
        (s, answer)
    }

    on_every_backend!(
        one_failing_submission_does_not_cost_its_group_theirs,
        |store, label| Box::pin(async move {
            // Taken before the group is written: the third submission's status token collides
            // with it after its applicant row is already inserted in the group's transaction.
            let (first, answer) = submission(&store, 0, person(0, "taken")).await;
            write_group(&store.writer, &store.reader, vec![first]).await;
            assert!(matches!(
                answer.await.unwrap(),
                Ok(SubmitOutcome::Enrolled { .. })
            ));

            let mut group = Vec::new();
            let mut answers = Vec::new();
            for n in 1..=5 {
                let hash = if n == 3 {
                    "taken".to_owned()
                } else {
                    format!("free-{n}")
                };
                let (s, a) = submission(&store, n, person(n, &hash)).await;
                group.push(s);
                answers.push(a);
            }
            // The same person twice in one group: the second finds the first.
            let (again, again_answer) = submission(&store, 6, person(1, "free-6")).await;
            group.push(again);
            write_group(&store.writer, &store.reader, group).await;

            let mut enrolled = Vec::new();
            for (i, a) in answers.into_iter().enumerate() {
                match a.await.unwrap() {
                    Ok(SubmitOutcome::Enrolled { applicant_id, .. }) => enrolled.push(applicant_id),
                    Err(StoreError::Database(e)) if i == 2 => {
                        assert!(is_unique_violation(&e), "{label}: {e}")
                    }
                    other => panic!("{label}: submission {}: {other:?}", i + 1),
                }
            }
            assert_eq!(enrolled.len(), 4, "{label}");
            assert_eq!(
                again_answer.await.unwrap().unwrap(),
                SubmitOutcome::Duplicate {
                    applicant_id: enrolled[0]
                },
                "{label}"
            );
            assert_eq!(store.enrolment_count().await.unwrap(), 5, "{label}");
            // One confirmation per enrolment, none for the failed one.
            assert_eq!(store.outbox_pending(50).await.unwrap().len(), 5, "{label}");
        })
    );

    on_every_backend!(
        forty_submissions_are_enrolled_by_one_transaction,
        |store, label| Box::pin(async move {
            let mut group = Vec::new();
            let mut answers = Vec::new();
            for n in 1..=40 {
                let (s, a) = submission(&store, n, person(n, &format!("t-{n}"))).await;
                group.push(s);
                answers.push(a);
            }
            let outcomes = together(&store.writer, &group).await.unwrap();
            assert_eq!(outcomes.len(), 40, "{label}");
            let mut references: Vec<_> = outcomes
                .iter()
                .map(|o| match o {
                    SubmitOutcome::Enrolled { reference, .. } => reference.clone(),
                    other => panic!("{label}: {other:?}"),
                })
                .collect();
            references.dedup();
            assert_eq!(references.len(), 40, "{label}");
            assert_eq!(store.enrolment_count().await.unwrap(), 40, "{label}");
        })
    );
}
