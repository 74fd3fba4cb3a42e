//! Enrolment, with group commit. Submissions that arrive while earlier ones are being written wait
//! together and are then written in one transaction, with one statement per table for the whole
//! group, so one disk sync (SQLite's `synchronous=FULL`, PostgreSQL's WAL flush) makes all of them
//! durable, and nobody is answered before it. When anything in a group fails, the group is rolled
//! back and each of its submissions is written again on its own, by the same code as a group of
//! one: one bad submission never costs the others theirs.
use super::{json, take_turns, Sql};
use crate::intake::name_key;
use crate::outbox::NewMessage;
use crate::sql::is_unique_violation;
use crate::{Backend, NewApplicant, Store, StoreError, SubmitOutcome};
use domain::ids::ApplicantId;
use serde::Serialize;
use sqlx::{Any, AnyPool, Row, Transaction};
use std::collections::HashMap;
use std::time::Instant;
use tokio::sync::{mpsc, oneshot};

/// The messages that confirm an enrolment, given its reference.
pub type Messages = Box<dyn Fn(&str) -> Vec<NewMessage> + Send + Sync>;

struct Submission {
    draft_id: i64,
    applicant: NewApplicant,
    messages: Messages,
    reply: oneshot::Sender<Result<SubmitOutcome, StoreError>>,
    /// When it was handed to the writers, for the log of how long groups wait.
    queued: Instant,
}

/// The largest group written in one transaction: a burst bigger than this is written in several.
const GROUP_MAX: usize = 256;

/// Where submissions wait to be written.
#[derive(Clone)]
pub(crate) struct Enrolments(mpsc::UnboundedSender<Submission>);

impl Enrolments {
    /// Starts `writers` tasks that take turns at the waiting submissions: one for SQLite (it has
    /// one writer connection anyway), a few for PostgreSQL, so that one group's round trips
    /// overlap another's. More writers make smaller groups, and more transactions for the same
    /// submissions: 16 writers answered a burst of 200 more slowly than 4 (bench/intake.sh).
    pub(crate) fn start(
        writer: AnyPool,
        reader: AnyPool,
        writers: usize,
        backend: Backend,
    ) -> Enrolments {
        Enrolments(take_turns(writers, GROUP_MAX, move |group| {
            let (writer, reader) = (writer.clone(), reader.clone());
            async move { write_group(&writer, &reader, backend, group).await }
        }))
    }
}

async fn write_group(writer: &AnyPool, reader: &AnyPool, backend: Backend, group: Vec<Submission>) {
    let started = Instant::now();
    let size = group.len();
    let waited = group.first().map(|s| started.duration_since(s.queued));
    // What is left to write one by one: a group of one, or a group that failed together.
    let left = if size > 1 {
        match together(writer, backend, &group).await {
            Ok(outcomes) => {
                for (s, outcome) in group.into_iter().zip(outcomes) {
                    // A send fails only when the request stopped waiting (the browser left); the
                    // enrolment is written all the same and a retry finds it by its draft.
                    let _ = s.reply.send(outcome);
                }
                Vec::new()
            }
            Err(e) => {
                tracing::warn!(size, "enrolment group rolled back, written one by one: {e}");
                group
            }
        }
    } else {
        group
    };
    for s in left {
        let outcome = alone(writer, reader, backend, &s).await;
        // As above: only a request that stopped waiting misses its answer.
        let _ = s.reply.send(outcome);
    }
    tracing::debug!(
        size,
        waited_ms = waited.unwrap_or_default().as_secs_f64() * 1000.0,
        written_ms = started.elapsed().as_secs_f64() * 1000.0,
        "enrolment group"
    );
}

/// Writes the whole group in one transaction with one statement per table, whatever its size: a
/// round trip per statement is most of the cost on PostgreSQL, and the same statements per person
/// made a group of 200 take 1 800 of them. Each submission comes to what writing it alone would
/// have made of it, in the group's order: a draft sent twice is already submitted, a person twice
/// a duplicate of the first. A failing statement fails the group (the caller then writes it one by one).
async fn together(
    writer: &AnyPool,
    backend: Backend,
    group: &[Submission],
) -> Result<Vec<Result<SubmitOutcome, StoreError>>, StoreError> {
    let mut tx = writer.begin().await?;
    let drafts = drafts_of(&mut tx, backend, group).await?;
    let known = people_of(&mut tx, backend, group).await?;
    let plan = plan_group(group, &drafts, &known);
    let fresh: Vec<&Submission> = group
        .iter()
        .zip(&plan)
        .filter(|(_, p)| matches!(p, Planned::Fresh))
        .map(|(s, _)| s)
        .collect();
    let (ids, references) = if fresh.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let ids = next_applicant_ids(&mut tx, backend, fresh.len()).await?;
        let references: Vec<String> = ids.iter().map(|id| reference_of(*id)).collect();
        write_enrolments(&mut tx, backend, &fresh, &drafts, &ids, &references).await?;
        (ids, references)
    };
    tx.commit().await?;

    let mut written = ids.iter().zip(references);
    let mut outcomes: Vec<Result<SubmitOutcome, StoreError>> = Vec::with_capacity(group.len());
    let mut applicant_of: Vec<Option<ApplicantId>> = Vec::with_capacity(group.len());
    for p in plan {
        let (outcome, applicant_id) = match p {
            Planned::Fresh => {
                let (id, reference) = written.next().expect("one id per fresh submission");
                (
                    Ok(SubmitOutcome::Enrolled {
                        applicant_id: ApplicantId::new(*id),
                        reference,
                    }),
                    Some(ApplicantId::new(*id)),
                )
            }
            Planned::Known(outcome) => (outcome, None),
            Planned::AsSubmittedBy(i) => {
                let applicant_id = applicant_of[i].expect("an earlier fresh submission");
                (Ok(SubmitOutcome::AlreadySubmitted { applicant_id }), None)
            }
            Planned::SamePersonAs(i) => {
                let applicant_id = applicant_of[i].expect("an earlier fresh submission");
                (Ok(SubmitOutcome::Duplicate { applicant_id }), None)
            }
        };
        outcomes.push(outcome);
        applicant_of.push(applicant_id);
    }
    Ok(outcomes)
}

/// What a submission of a group comes to before anything of the group is written.
#[derive(Debug)]
enum Planned {
    /// A new person: written with the group.
    Fresh,
    /// Decided by what the database held before the group.
    Known(Result<SubmitOutcome, StoreError>),
    /// The same draft as the group's earlier (fresh) submission at this index.
    AsSubmittedBy(usize),
    /// The same person as the group's earlier (fresh) submission at this index.
    SamePersonAs(usize),
}

/// An applicant already in the database: id, codice fiscale, identity key.
type KnownPerson = (ApplicantId, Option<String>, String);

fn plan_group(
    group: &[Submission],
    drafts: &HashMap<i64, DraftOfGroup>,
    known: &[KnownPerson],
) -> Vec<Planned> {
    let same_person = |a: &NewApplicant, cf: Option<&String>, key: &str| {
        (a.codice_fiscale.is_some() && a.codice_fiscale.as_ref() == cf) || a.identity_key == key
    };
    let mut plan: Vec<Planned> = Vec::with_capacity(group.len());
    for s in group {
        let a = &s.applicant;
        let earlier_fresh = || {
            plan.iter()
                .enumerate()
                .filter(|(_, p)| matches!(p, Planned::Fresh))
                .map(|(i, _)| (i, &group[i]))
        };
        let decided = match drafts.get(&s.draft_id) {
            None => Planned::Known(Err(StoreError::NotFound)),
            Some(DraftOfGroup {
                applicant_id: Some(applicant_id),
                ..
            }) => Planned::Known(Ok(SubmitOutcome::AlreadySubmitted {
                applicant_id: *applicant_id,
            })),
            Some(DraftOfGroup {
                applicant_id: None, ..
            }) => {
                if let Some((i, _)) = earlier_fresh().find(|(_, e)| e.draft_id == s.draft_id) {
                    Planned::AsSubmittedBy(i)
                } else if let Some(applicant_id) = known
                    .iter()
                    .filter(|(_, cf, key)| same_person(a, cf.as_ref(), key))
                    .map(|(id, _, _)| *id)
                    .min()
                {
                    Planned::Known(Ok(SubmitOutcome::Duplicate { applicant_id }))
                } else if let Some((i, _)) = earlier_fresh().find(|(_, e)| {
                    same_person(
                        a,
                        e.applicant.codice_fiscale.as_ref(),
                        &e.applicant.identity_key,
                    )
                }) {
                    Planned::SamePersonAs(i)
                } else {
                    Planned::Fresh
                }
            }
        };
        plan.push(decided);
    }
    plan
}

fn reference_of(applicant_id: i64) -> String {
    format!("BO-{applicant_id:06}")
}

/// Runs `sql` with `rows` as its one JSON parameter.
async fn execute_rows<T: Serialize>(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    sql: &Sql,
    rows: &[T],
) -> Result<(), StoreError> {
    sqlx::query(sql.of(backend))
        .bind(json(&rows)?)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const DRAFTS_OF: Sql = Sql {
    postgres: "SELECT id, applicant_id, submission_key FROM drafts
        WHERE id IN (SELECT value::bigint FROM json_array_elements_text($1::json))",
    sqlite: "SELECT id, applicant_id, submission_key FROM drafts
        WHERE id IN (SELECT value FROM json_each($1))",
};

/// A draft of the group as the database holds it.
struct DraftOfGroup {
    /// The applicant it was submitted as, if it was.
    applicant_id: Option<ApplicantId>,
    /// Made at random with the draft: the applicant row's unique `submission_key`, so that a draft
    /// is enrolled at most once. Never derived from the draft's id, which SQLite used to hand out
    /// again once the newest drafts were deleted.
    submission_key: String,
}

/// Each draft of the group that exists.
async fn drafts_of(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    group: &[Submission],
) -> Result<HashMap<i64, DraftOfGroup>, StoreError> {
    let ids: Vec<i64> = group.iter().map(|s| s.draft_id).collect();
    let rows = sqlx::query(DRAFTS_OF.of(backend))
        .bind(json(&ids)?)
        .fetch_all(&mut **tx)
        .await?;
    let mut drafts = HashMap::with_capacity(group.len());
    for row in rows {
        drafts.insert(
            row.try_get("id")?,
            DraftOfGroup {
                applicant_id: row.try_get("applicant_id")?,
                submission_key: row.try_get("submission_key")?,
            },
        );
    }
    Ok(drafts)
}

// Two selects rather than one with OR: each is then an index lookup per key.
const PEOPLE_OF: Sql = Sql {
    postgres: "SELECT id, codice_fiscale, identity_key FROM applicants
            WHERE identity_key IN (SELECT json_array_elements_text($1::json))
        UNION SELECT id, codice_fiscale, identity_key FROM applicants
            WHERE codice_fiscale IN (SELECT json_array_elements_text($2::json))",
    sqlite: "SELECT id, codice_fiscale, identity_key FROM applicants
            WHERE identity_key IN (SELECT value FROM json_each($1))
        UNION SELECT id, codice_fiscale, identity_key FROM applicants
            WHERE codice_fiscale IN (SELECT value FROM json_each($2))",
};

/// The applicants already enrolled who are the same person as someone in the group.
async fn people_of(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    group: &[Submission],
) -> Result<Vec<KnownPerson>, StoreError> {
    let identity_keys: Vec<&String> = group.iter().map(|s| &s.applicant.identity_key).collect();
    let fiscal_codes: Vec<&String> = group
        .iter()
        .filter_map(|s| s.applicant.codice_fiscale.as_ref())
        .collect();
    let rows = sqlx::query(PEOPLE_OF.of(backend))
        .bind(json(&identity_keys)?)
        .bind(json(&fiscal_codes)?)
        .fetch_all(&mut **tx)
        .await?;
    let mut people = Vec::with_capacity(rows.len());
    for row in rows {
        people.push((
            row.try_get("id")?,
            row.try_get("codice_fiscale")?,
            row.try_get("identity_key")?,
        ));
    }
    Ok(people)
}

// The ids come first, so that each applicant row is written once with the reference made of its
// id: setting the reference afterwards wrote every row, and all its indexes, twice.
const NEXT_APPLICANT_IDS: &str =
    "SELECT nextval(pg_get_serial_sequence('applicants', 'id')) AS id FROM generate_series(1, $1)";

/// Ids for `count` new applicants. PostgreSQL takes them from the column's sequence, safe beside
/// other server instances; SQLite has one writer, this transaction's, and applicants are never
/// deleted, so the next ids follow the largest.
async fn next_applicant_ids(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    count: usize,
) -> Result<Vec<i64>, StoreError> {
    match backend {
        Backend::Postgres => {
            let rows = sqlx::query(NEXT_APPLICANT_IDS)
                .bind(count as i64)
                .fetch_all(&mut **tx)
                .await?;
            rows.iter().map(|r| Ok(r.try_get("id")?)).collect()
        }
        Backend::Sqlite => {
            let (largest,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(id), 0) FROM applicants")
                .fetch_one(&mut **tx)
                .await?;
            Ok((1..=count as i64).map(|n| largest + n).collect())
        }
    }
}

#[derive(Serialize)]
struct ApplicantRow<'a> {
    id: i64,
    reference: &'a str,
    submission_key: &'a str,
    first_name: &'a str,
    last_name: &'a str,
    birth_date: &'a str,
    sex: &'a str,
    gender: &'a str,
    codice_fiscale: Option<&'a str>,
    identity_key: &'a str,
    mobile: &'a str,
    email: Option<&'a str>,
    language: &'a str,
    comune_istat: &'a str,
    answers: &'a str,
    privacy_version: &'a str,
    created_at: i64,
    name_key: String,
}

const INSERT_APPLICANTS: Sql = Sql {
    postgres: "INSERT INTO applicants (id, reference, submission_key, first_name, last_name,
            birth_date, sex, gender, codice_fiscale, identity_key, mobile, email, language,
            comune_istat, answers, privacy_version, created_at, name_key)
        SELECT id, reference, submission_key, first_name, last_name, birth_date, sex, gender,
            codice_fiscale, identity_key, mobile, email, language, comune_istat, answers,
            privacy_version, created_at, name_key
        FROM json_to_recordset($1::json) AS r(id bigint, reference text, submission_key text,
            first_name text, last_name text, birth_date text, sex text, gender text,
            codice_fiscale text, identity_key text, mobile text, email text, language text,
            comune_istat text, answers text, privacy_version text, created_at bigint,
            name_key text)",
    sqlite: "INSERT INTO applicants (id, reference, submission_key, first_name, last_name,
            birth_date, sex, gender, codice_fiscale, identity_key, mobile, email, language,
            comune_istat, answers, privacy_version, created_at, name_key)
        SELECT value->>'id', value->>'reference', value->>'submission_key',
            value->>'first_name', value->>'last_name', value->>'birth_date', value->>'sex',
            value->>'gender', value->>'codice_fiscale', value->>'identity_key',
            value->>'mobile', value->>'email', value->>'language', value->>'comune_istat',
            value->>'answers', value->>'privacy_version', value->>'created_at',
            value->>'name_key'
        FROM json_each($1)",
};

#[derive(Serialize)]
struct EnrolmentRow<'a> {
    applicant_id: i64,
    received_at: i64,
    due_soon_at: i64,
    contact_due: i64,
    contact_limit: i64,
    comune_istat: &'a str,
    language: &'a str,
    needs_flagged: i64,
}

const INSERT_ENROLMENTS: Sql = Sql {
    postgres: "INSERT INTO enrolments (applicant_id, state, received_at, due_soon_at, contact_due,
            contact_limit, comune_istat, language, needs_flagged)
        SELECT applicant_id, 'received', received_at, due_soon_at, contact_due, contact_limit,
            comune_istat, language, needs_flagged
        FROM json_to_recordset($1::json) AS r(applicant_id bigint, received_at bigint,
            due_soon_at bigint, contact_due bigint, contact_limit bigint, comune_istat text,
            language text, needs_flagged bigint)",
    sqlite: "INSERT INTO enrolments (applicant_id, state, received_at, due_soon_at, contact_due,
            contact_limit, comune_istat, language, needs_flagged)
        SELECT value->>'applicant_id', 'received', value->>'received_at', value->>'due_soon_at',
            value->>'contact_due', value->>'contact_limit', value->>'comune_istat',
            value->>'language', value->>'needs_flagged'
        FROM json_each($1)",
};

#[derive(Serialize)]
struct StatusTokenRow<'a> {
    token_hash: &'a str,
    applicant_id: i64,
    created_at: i64,
}

const INSERT_STATUS_TOKENS: Sql = Sql {
    postgres: "INSERT INTO status_tokens (token_hash, applicant_id, created_at)
        SELECT token_hash, applicant_id, created_at FROM json_to_recordset($1::json)
            AS r(token_hash text, applicant_id bigint, created_at bigint)",
    sqlite: "INSERT INTO status_tokens (token_hash, applicant_id, created_at)
        SELECT value->>'token_hash', value->>'applicant_id', value->>'created_at'
        FROM json_each($1)",
};

#[derive(Serialize)]
struct MessageRow<'a> {
    channel: &'static str,
    recipient: &'a str,
    subject: &'a str,
    body: &'a str,
    created_at: i64,
    calendar: Option<&'a str>,
}

const INSERT_MESSAGES: Sql = Sql {
    postgres: "INSERT INTO outbox (channel, recipient, subject, body, created_at, calendar)
        SELECT channel, recipient, subject, body, created_at, calendar
        FROM json_to_recordset($1::json) AS r(channel text, recipient text, subject text,
            body text, created_at bigint, calendar text)",
    sqlite: "INSERT INTO outbox (channel, recipient, subject, body, created_at, calendar)
        SELECT value->>'channel', value->>'recipient', value->>'subject', value->>'body',
            value->>'created_at', value->>'calendar'
        FROM json_each($1)",
};

#[derive(Serialize)]
struct DraftRow {
    draft_id: i64,
    applicant_id: i64,
    updated_at: i64,
}

// The answers now live with the applicant; the draft keeps only its outcome and the applicant.
const CLOSE_DRAFTS: Sql = Sql {
    postgres: "UPDATE drafts AS d SET outcome = 'enrolled', answers = '{}',
            applicant_id = r.applicant_id, updated_at = r.updated_at
        FROM json_to_recordset($1::json)
            AS r(draft_id bigint, applicant_id bigint, updated_at bigint)
        WHERE d.id = r.draft_id",
    sqlite: "UPDATE drafts SET outcome = 'enrolled', answers = '{}',
            applicant_id = r.value->>'applicant_id',
            updated_at = r.value->>'updated_at'
        FROM json_each($1) AS r WHERE drafts.id = r.value->>'draft_id'",
};

/// Everything the fresh submissions of a group make, with the ids and references given, in
/// order: applicants, enrolments with their contact deadlines, status tokens, confirmation
/// messages, drafts marked as submitted.
async fn write_enrolments(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    fresh: &[&Submission],
    drafts: &HashMap<i64, DraftOfGroup>,
    ids: &[i64],
    references: &[String],
) -> Result<(), StoreError> {
    let rows: Vec<ApplicantRow> = fresh
        .iter()
        .zip(ids.iter().zip(references))
        .map(|(s, (id, reference))| {
            let a = &s.applicant;
            // A submission is fresh only when its draft was found (`plan_group`).
            let draft = drafts.get(&s.draft_id).ok_or(StoreError::NotFound)?;
            Ok(ApplicantRow {
                id: *id,
                reference,
                submission_key: &draft.submission_key,
                first_name: &a.first_name,
                last_name: &a.last_name,
                birth_date: &a.birth_date,
                sex: &a.sex,
                gender: &a.gender,
                codice_fiscale: a.codice_fiscale.as_deref(),
                identity_key: &a.identity_key,
                mobile: &a.mobile,
                email: a.email.as_deref(),
                language: &a.language,
                comune_istat: &a.comune_istat,
                answers: &a.answers_json,
                privacy_version: &a.privacy_version,
                created_at: a.received_at,
                name_key: name_key(&a.last_name, &a.first_name),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    execute_rows(tx, backend, &INSERT_APPLICANTS, &rows).await?;

    let rows: Vec<EnrolmentRow> = fresh
        .iter()
        .zip(ids)
        .map(|(s, id)| {
            let a = &s.applicant;
            EnrolmentRow {
                applicant_id: *id,
                received_at: a.received_at,
                due_soon_at: a.due_soon_at,
                contact_due: a.contact_due,
                contact_limit: a.contact_limit,
                comune_istat: &a.comune_istat,
                language: &a.language,
                needs_flagged: i64::from(a.needs_flagged),
            }
        })
        .collect();
    execute_rows(tx, backend, &INSERT_ENROLMENTS, &rows).await?;

    let rows: Vec<StatusTokenRow> = fresh
        .iter()
        .zip(ids)
        .map(|(s, id)| StatusTokenRow {
            token_hash: &s.applicant.status_token_hash,
            applicant_id: *id,
            created_at: s.applicant.received_at,
        })
        .collect();
    execute_rows(tx, backend, &INSERT_STATUS_TOKENS, &rows).await?;

    let messages: Vec<(NewMessage, i64)> = fresh
        .iter()
        .zip(references)
        .flat_map(|(s, reference)| {
            (s.messages)(reference)
                .into_iter()
                .map(|m| (m, s.applicant.received_at))
        })
        .collect();
    if !messages.is_empty() {
        let rows: Vec<MessageRow> = messages
            .iter()
            .map(|(m, now)| MessageRow {
                channel: m.channel.code(),
                recipient: &m.recipient,
                subject: &m.subject,
                body: &m.body,
                created_at: *now,
                calendar: m.calendar.as_deref(),
            })
            .collect();
        execute_rows(tx, backend, &INSERT_MESSAGES, &rows).await?;
    }

    let rows: Vec<DraftRow> = fresh
        .iter()
        .zip(ids)
        .map(|(s, id)| DraftRow {
            draft_id: s.draft_id,
            applicant_id: *id,
            updated_at: s.applicant.received_at,
        })
        .collect();
    execute_rows(tx, backend, &CLOSE_DRAFTS, &rows).await?;
    Ok(())
}

/// One submission in its own transaction. Only here can a unique index stop it, when the same
/// person was enrolled at the same moment through another server instance: that is a duplicate.
async fn alone(
    writer: &AnyPool,
    reader: &AnyPool,
    backend: Backend,
    s: &Submission,
) -> Result<SubmitOutcome, StoreError> {
    match together(writer, backend, std::slice::from_ref(s)).await {
        Ok(mut outcomes) => outcomes.pop().unwrap_or(Err(StoreError::NotFound)),
        Err(StoreError::Database(e)) if is_unique_violation(&e) => {
            let mut tx = reader.begin().await?;
            let known = people_of(&mut tx, backend, std::slice::from_ref(s)).await?;
            match known.iter().map(|(id, _, _)| *id).min() {
                Some(applicant_id) => Ok(SubmitOutcome::Duplicate { applicant_id }),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e),
    }
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
        messages: impl Fn(&str) -> Vec<NewMessage> + Send + Sync + 'static,
    ) -> Result<SubmitOutcome, StoreError> {
        let (reply, answer) = oneshot::channel();
        let submission = Submission {
            draft_id,
            applicant: a.clone(),
            messages: Box::new(messages),
            reply,
            queued: Instant::now(),
        };
        match self.enrolments.0.send(submission) {
            Ok(()) => answer
                .await
                .unwrap_or(Err(StoreError::Database(sqlx::Error::WorkerCrashed))),
            // The writer tasks have stopped with the runtime that started them: write here.
            Err(mpsc::error::SendError(s)) => {
                alone(&self.writer, &self.reader, self.backend, &s).await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::on_every_backend;
    use crate::{Channel, NewDraft};

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
            queued: Instant::now(),
        };
        (s, answer)
    }

    on_every_backend!(
        one_failing_submission_does_not_cost_its_group_theirs,
        |store, label| Box::pin(async move {
            // Taken before the group is written: the third submission's status token collides
            // with it after its applicant row is already inserted in the group's transaction.
            let (first, answer) = submission(&store, 0, person(0, "taken")).await;
            write_group(&store.writer, &store.reader, store.backend, vec![first]).await;
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
            write_group(&store.writer, &store.reader, store.backend, group).await;

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
            let outcomes = together(&store.writer, store.backend, &group)
                .await
                .unwrap();
            assert_eq!(outcomes.len(), 40, "{label}");
            let mut references: Vec<_> = outcomes
                .iter()
                .map(|o| match o {
                    Ok(SubmitOutcome::Enrolled { reference, .. }) => reference.clone(),
                    other => panic!("{label}: {other:?}"),
                })
                .collect();
            references.dedup();
            assert_eq!(references.len(), 40, "{label}");
            assert_eq!(store.enrolment_count().await.unwrap(), 40, "{label}");
        })
    );

    on_every_backend!(
        a_group_decides_each_submission_as_one_by_one_would,
        |store, label| Box::pin(async move {
            let mut ada = person(1, "t-1");
            ada.codice_fiscale = Some("NRELDA85C44A944X".into());
            let (earlier, answer) = submission(&store, 1, ada.clone()).await;
            write_group(&store.writer, &store.reader, store.backend, vec![earlier]).await;
            let Ok(SubmitOutcome::Enrolled {
                applicant_id: ada_id,
                ..
            }) = answer.await.unwrap()
            else {
                panic!("{label}: Ada was not enrolled");
            };

            // Ada again (same codice fiscale, other names); Bruno; Bruno's draft sent twice; Bruno
            // through another draft; a draft that does not exist; Carla.
            let mut ada_again = person(2, "t-2");
            ada_again.codice_fiscale = ada.codice_fiscale.clone();
            let (s_ada, _) = submission(&store, 2, ada_again).await;
            let (s_bruno, _) = submission(&store, 3, person(3, "t-3")).await;
            let (reply, _answer) = oneshot::channel();
            let s_bruno_twice = Submission {
                draft_id: s_bruno.draft_id,
                applicant: person(3, "t-3b"),
                messages: Box::new(|_| Vec::new()),
                reply,
                queued: Instant::now(),
            };
            let (s_bruno_other, _) = submission(&store, 4, person(3, "t-4")).await;
            let (mut s_nowhere, _) = submission(&store, 5, person(5, "t-5")).await;
            s_nowhere.draft_id = 999_999;
            let (s_carla, _) = submission(&store, 6, person(6, "t-6")).await;
            let group = vec![
                s_ada,
                s_bruno,
                s_bruno_twice,
                s_bruno_other,
                s_nowhere,
                s_carla,
            ];

            let outcomes = together(&store.writer, store.backend, &group)
                .await
                .unwrap();
            assert_eq!(
                outcomes[0].as_ref().unwrap(),
                &SubmitOutcome::Duplicate {
                    applicant_id: ada_id
                },
                "{label}"
            );
            let Ok(SubmitOutcome::Enrolled {
                applicant_id: bruno_id,
                reference,
            }) = &outcomes[1]
            else {
                panic!("{label}: {:?}", outcomes[1]);
            };
            assert_eq!(reference, &format!("BO-{bruno_id:06}"), "{label}");
            assert_eq!(
                outcomes[2].as_ref().unwrap(),
                &SubmitOutcome::AlreadySubmitted {
                    applicant_id: *bruno_id
                },
                "{label}"
            );
            assert_eq!(
                outcomes[3].as_ref().unwrap(),
                &SubmitOutcome::Duplicate {
                    applicant_id: *bruno_id
                },
                "{label}"
            );
            assert!(matches!(outcomes[4], Err(StoreError::NotFound)), "{label}");
            assert!(
                matches!(outcomes[5], Ok(SubmitOutcome::Enrolled { .. })),
                "{label}"
            );
            assert_eq!(store.enrolment_count().await.unwrap(), 3, "{label}");
            // Ada's first confirmation, Bruno's and Carla's.
            assert_eq!(store.outbox_pending(50).await.unwrap().len(), 3, "{label}");
            // Bruno's draft now says who it enrolled, and a retry of it says so.
            let (retry, retry_answer) = {
                let (reply, answer) = oneshot::channel();
                (
                    Submission {
                        draft_id: group[1].draft_id,
                        applicant: person(3, "t-3c"),
                        messages: Box::new(|_| Vec::new()),
                        reply,
                        queued: Instant::now(),
                    },
                    answer,
                )
            };
            write_group(&store.writer, &store.reader, store.backend, vec![retry]).await;
            assert_eq!(
                retry_answer.await.unwrap().unwrap(),
                SubmitOutcome::AlreadySubmitted {
                    applicant_id: *bruno_id
                },
                "{label}"
            );
        })
    );
}
