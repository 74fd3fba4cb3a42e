//! The secretariat's queue (every filter one index range in deadline order), the case record, the
//! contact log and assignments, and the cases about to breach for the morning digest.
use crate::audit::commit_audited;
use crate::case::{change_state, current_state, CaseChangeError};
use crate::outbox::{enqueue, NewMessage};
use crate::{Store, StoreError};
use domain::case::{CaseEvent, CaseState, InvalidTransition};
use domain::deadline::Band;
use domain::ids::{ApplicantId, StaffId};
use sqlx::Row;

const DAY: i64 = 86400;

/// Who a queue is filtered to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AssignedFilter {
    #[default]
    Anyone,
    Nobody,
    Staff(StaffId),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Search {
    #[default]
    None,
    Reference(String),
    CodiceFiscale(String),
    /// The start of "surname name", folded as `name_key`.
    Name(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueueQuery {
    pub band: Option<Band>,
    pub comune: Option<String>,
    pub language: Option<String>,
    pub assigned: AssignedFilter,
    pub needs_only: bool,
    pub search: Search,
    pub offset: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub comune_istat: String,
    pub language: String,
    pub received_at: i64,
    pub due_soon_at: i64,
    pub contact_due: i64,
    pub contact_limit: i64,
    pub assigned_to: Option<StaffId>,
    pub needs_flagged: bool,
    pub failed_attempts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: String,
    pub codice_fiscale: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub language: String,
    pub comune_istat: String,
    pub answers_json: String,
    pub state: CaseState,
    pub closed_reason: Option<String>,
    pub received_at: i64,
    pub due_soon_at: i64,
    pub contact_due: i64,
    pub contact_limit: i64,
    pub contacted_at: Option<i64>,
    pub assigned_to: Option<StaffId>,
    pub failed_attempts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ContactAttempt {
    pub at: i64,
    pub staff_name: String,
    pub channel: String,
    pub outcome: String,
    pub note: String,
}

#[derive(Debug, Clone, Copy)]
pub struct NewContactAttempt<'a> {
    pub applicant_id: ApplicantId,
    pub staff_id: StaffId,
    pub channel: &'a str,
    pub outcome: &'a str,
    pub reached: bool,
    pub note: &'a str,
    pub at: i64,
}

/// A growing SQL condition with its parameters, numbered for both backends.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    params: Vec<Param>,
}

enum Param {
    Int(i64),
    Text(String),
}

impl Conditions {
    fn int(&mut self, v: i64) -> String {
        self.params.push(Param::Int(v));
        format!("${}", self.params.len())
    }
    fn text(&mut self, v: &str) -> String {
        self.params.push(Param::Text(v.to_owned()));
        format!("${}", self.params.len())
    }
    fn push(&mut self, sql: String) {
        self.sql.push(sql);
    }
    fn where_clause(&self) -> String {
        self.sql.join(" AND ")
    }
    fn bind<'q>(
        &'q self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for p in &self.params {
            q = match p {
                Param::Int(v) => q.bind(*v),
                Param::Text(v) => q.bind(v.as_str()),
            };
        }
        q
    }
}

/// The band's bounds, as the domain's `band_at` draws them. The outer bounds on `contact_due`
/// (the limit and the start of the week before are within a day of `contact_due ± 7 days`)
/// keep each band one index range.
fn band_condition(c: &mut Conditions, band: Band, now: i64) -> String {
    match band {
        Band::Breached => {
            let (lo, n) = (c.int(now - 6 * DAY), c.int(now));
            format!("e.contact_due < {lo} AND e.contact_limit < {n}")
        }
        Band::Late => {
            let (n1, lo, n2) = (c.int(now), c.int(now - 8 * DAY), c.int(now));
            format!("e.contact_due < {n1} AND e.contact_due >= {lo} AND e.contact_limit >= {n2}")
        }
        Band::DueThisWeek => {
            let (n1, hi, n2) = (c.int(now), c.int(now + 8 * DAY), c.int(now));
            format!("e.contact_due >= {n1} AND e.contact_due < {hi} AND e.due_soon_at < {n2}")
        }
        Band::OnTrack => {
            let (lo, n) = (c.int(now + 6 * DAY), c.int(now));
            format!("e.contact_due >= {lo} AND e.due_soon_at >= {n}")
        }
    }
}

fn queue_conditions(q: &QueueQuery, now: i64) -> Conditions {
    let mut c = Conditions::default();
    let state = c.text(CaseState::Received.code());
    c.push(format!("e.state = {state}"));
    if let Some(band) = q.band {
        let cond = band_condition(&mut c, band, now);
        c.push(cond);
    }
    if let Some(comune) = &q.comune {
        let p = c.text(comune);
        c.push(format!("e.comune_istat = {p}"));
    }
    if let Some(language) = &q.language {
        let p = c.text(language);
        c.push(format!("e.language = {p}"));
    }
    match q.assigned {
        AssignedFilter::Anyone => {}
        AssignedFilter::Nobody => c.push("e.assigned_to IS NULL".into()),
        AssignedFilter::Staff(id) => {
            let p = c.int(id.get());
            c.push(format!("e.assigned_to = {p}"));
        }
    }
    if q.needs_only {
        c.push("e.needs_flagged = 1".into());
    }
    match &q.search {
        Search::None => {}
        Search::Reference(r) => {
            let p = c.text(r);
            c.push(format!("a.reference = {p}"));
        }
        Search::CodiceFiscale(cf) => {
            let p = c.text(cf);
            c.push(format!("a.codice_fiscale = {p}"));
        }
        Search::Name(prefix) => {
            let (lo, hi) = (c.text(prefix), c.text(&format!("{prefix}{}", char::MAX)));
            c.push(format!("a.name_key >= {lo} AND a.name_key < {hi}"));
        }
    }
    c
}

fn queue_row(r: &sqlx::any::AnyRow) -> Result<QueueRow, sqlx::Error> {
    Ok(QueueRow {
        applicant_id: r.try_get("applicant_id")?,
        reference: r.try_get("reference")?,
        first_name: r.try_get("first_name")?,
        last_name: r.try_get("last_name")?,
        comune_istat: r.try_get("comune_istat")?,
        language: r.try_get("language")?,
        received_at: r.try_get("received_at")?,
        due_soon_at: r.try_get("due_soon_at")?,
        contact_due: r.try_get("contact_due")?,
        contact_limit: r.try_get("contact_limit")?,
        assigned_to: r.try_get("assigned_to")?,
        needs_flagged: r.try_get::<i64, _>("needs_flagged")? != 0,
        failed_attempts: r.try_get("failed_attempts")?,
    })
}

impl Store {
    /// One page of the queue, most urgent first; and whether more follow.
    pub async fn queue(
        &self,
        q: &QueueQuery,
        now: i64,
    ) -> Result<(Vec<QueueRow>, bool), StoreError> {
        let mut c = queue_conditions(q, now);
        let limit = c.int(q.limit + 1);
        let offset = c.int(q.offset);
        let sql = format!(
            "SELECT e.applicant_id, a.reference, a.first_name, a.last_name, e.comune_istat, e.language,
                    e.received_at, e.due_soon_at, e.contact_due, e.contact_limit, e.assigned_to,
                    e.needs_flagged, e.failed_attempts
             FROM enrolments e JOIN applicants a ON a.id = e.applicant_id
             WHERE {} ORDER BY e.contact_due, e.applicant_id LIMIT {limit} OFFSET {offset}",
            c.where_clause()
        );
        let rows = c.bind(sqlx::query(&sql)).fetch_all(&self.reader).await?;
        let mut out = rows.iter().map(queue_row).collect::<Result<Vec<_>, _>>()?;
        let more = out.len() as i64 > q.limit;
        out.truncate(q.limit.max(0) as usize);
        Ok((out, more))
    }

    /// How many applicants await first contact in each band (the queue's other filters ignored).
    pub async fn band_counts(&self, now: i64) -> Result<Vec<(Band, i64)>, StoreError> {
        let mut out = Vec::new();
        for band in Band::ALL {
            let c = queue_conditions(
                &QueueQuery {
                    band: Some(band),
                    ..QueueQuery::default()
                },
                now,
            );
            let sql = format!(
                "SELECT COUNT(*) AS n FROM enrolments e WHERE {}",
                c.where_clause()
            );
            let row = c.bind(sqlx::query(&sql)).fetch_one(&self.reader).await?;
            out.push((band, row.try_get("n")?));
        }
        Ok(out)
    }

    /// The band counts for the queue page. Counting reads every applicant awaiting contact
    /// (100 000 of them at 1 000 000 enrolled) while the list reads one page, so counts are kept:
    /// older than `fresh` seconds they are served while counted again in the background; older
    /// than a minute, or after a change made through this instance ([`Store::forget_band_counts`]),
    /// they are counted before answering.
    pub async fn recent_band_counts(
        &self,
        now: i64,
        fresh: i64,
    ) -> Result<Vec<(Band, i64)>, StoreError> {
        const STALE: i64 = 60;
        let kept = self.band_cache.lock().ok().and_then(|c| {
            c.as_ref()
                .map(|(at, counts, refreshing)| (*at, counts.clone(), *refreshing))
        });
        if let Some((at, counts, refreshing)) = kept {
            let age = now - at;
            if (0..STALE).contains(&age) {
                if age >= fresh && !refreshing {
                    if let Ok(mut c) = self.band_cache.lock() {
                        if let Some(entry) = c.as_mut() {
                            entry.2 = true;
                        }
                    }
                    let store = self.clone();
                    tokio::spawn(async move {
                        let counted = store.band_counts(now).await;
                        if let Ok(mut c) = store.band_cache.lock() {
                            *c = counted.ok().map(|counts| (now, counts, false));
                        }
                    });
                }
                return Ok(counts);
            }
        }
        let counts = self.band_counts(now).await?;
        if let Ok(mut cache) = self.band_cache.lock() {
            *cache = Some((now, counts.clone(), false));
        }
        Ok(counts)
    }

    /// After a change to the queue made here, the next counts are counted afresh.
    pub fn forget_band_counts(&self) {
        if let Ok(mut cache) = self.band_cache.lock() {
            *cache = None;
        }
    }

    /// Assigns an applicant awaiting contact to `staff_id` (or to nobody).
    pub async fn assign(
        &self,
        applicant_id: ApplicantId,
        staff_id: Option<StaffId>,
    ) -> Result<(), StoreError> {
        let r = sqlx::query("UPDATE enrolments SET assigned_to = $1 WHERE applicant_id = $2")
            .bind(staff_id)
            .bind(applicant_id)
            .execute(&self.writer)
            .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn case_record(&self, applicant_id: ApplicantId) -> Result<CaseRecord, StoreError> {
        let r = sqlx::query(
            "SELECT a.id, a.reference, a.first_name, a.last_name, a.birth_date, a.codice_fiscale, a.mobile, a.email,
                    a.language, a.comune_istat, a.answers, e.state, e.closed_reason, e.received_at, e.due_soon_at,
                    e.contact_due, e.contact_limit, e.contacted_at, e.assigned_to, e.failed_attempts
             FROM applicants a JOIN enrolments e ON e.applicant_id = a.id WHERE a.id = $1",
        )
        .bind(applicant_id)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound)?;
        let state: String = r.try_get("state")?;
        Ok(CaseRecord {
            applicant_id: r.try_get("id")?,
            reference: r.try_get("reference")?,
            first_name: r.try_get("first_name")?,
            last_name: r.try_get("last_name")?,
            birth_date: r.try_get("birth_date")?,
            codice_fiscale: r.try_get("codice_fiscale")?,
            mobile: r.try_get("mobile")?,
            email: r.try_get("email")?,
            language: r.try_get("language")?,
            comune_istat: r.try_get("comune_istat")?,
            answers_json: r.try_get("answers")?,
            state: CaseState::from_code(&state)
                .ok_or_else(|| StoreError::Corrupt(state.clone()))?,
            closed_reason: r.try_get("closed_reason")?,
            received_at: r.try_get("received_at")?,
            due_soon_at: r.try_get("due_soon_at")?,
            contact_due: r.try_get("contact_due")?,
            contact_limit: r.try_get("contact_limit")?,
            contacted_at: r.try_get("contacted_at")?,
            assigned_to: r.try_get("assigned_to")?,
            failed_attempts: r.try_get("failed_attempts")?,
        })
    }

    pub async fn contact_attempts(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Vec<ContactAttempt>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT c.at, s.name AS staff_name, c.channel, c.outcome, c.note
             FROM contact_attempts c JOIN staff s ON s.id = c.staff_id
             WHERE c.applicant_id = $1 ORDER BY c.at DESC, c.id DESC",
        )
        .bind(applicant_id)
        .fetch_all(&self.reader)
        .await?)
    }

    /// Records a contact attempt. A successful one moves a case still awaiting contact to
    /// "contacted" and stops its clock; a failed one counts, and the `nth_failure` call decides
    /// whether this count sends the applicant a message. Returns the case's state afterwards.
    pub async fn log_contact(
        &self,
        attempt: &NewContactAttempt<'_>,
        on_failure: impl FnOnce(i64) -> Vec<NewMessage>,
    ) -> Result<CaseState, CaseChangeError> {
        let NewContactAttempt {
            applicant_id,
            staff_id,
            channel,
            outcome,
            reached,
            note,
            at: now,
        } = *attempt;
        let mut tx = self.writer.begin().await?;
        let state = current_state(&mut tx, applicant_id).await?;
        if !state.is_open() {
            return Err(InvalidTransition {
                from: state,
                event: CaseEvent::Reached,
            }
            .into());
        }
        sqlx::query(
            "INSERT INTO contact_attempts (applicant_id, staff_id, at, channel, outcome, note) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(applicant_id)
        .bind(staff_id)
        .bind(now)
        .bind(channel)
        .bind(outcome)
        .bind(note)
        .execute(&mut *tx)
        .await?;
        let mut after = state;
        if reached && state == CaseState::Received {
            (_, after) = change_state(
                &mut tx,
                applicant_id,
                Some(staff_id),
                CaseEvent::Reached,
                None,
                now,
            )
            .await?;
        } else if !reached {
            let failed: i64 = sqlx::query_scalar(
                "UPDATE enrolments SET failed_attempts = failed_attempts + 1 WHERE applicant_id = $1 RETURNING failed_attempts",
            )
            .bind(applicant_id)
            .fetch_one(&mut *tx)
            .await?;
            for m in on_failure(failed) {
                enqueue(&mut tx, &m, now).await?;
            }
        }
        commit_audited(
            tx,
            Some(staff_id),
            "contact_logged",
            applicant_id,
            outcome,
            now,
        )
        .await?;
        Ok(after)
    }
}

/// One operator's digest: email, name, and the cases (reference, contact limit).
pub type DigestFor = (String, String, Vec<(String, i64)>);

impl Store {
    /// Operators with cases awaiting first contact whose limit falls before `until`.
    pub async fn cases_about_to_breach(
        &self,
        now: i64,
        until: i64,
    ) -> Result<Vec<DigestFor>, StoreError> {
        let rows = sqlx::query(
            "SELECT s.email, s.name, a.reference, e.contact_limit FROM enrolments e
             JOIN applicants a ON a.id = e.applicant_id JOIN staff s ON s.id = e.assigned_to
             WHERE e.state = 'received' AND e.contact_limit >= $1 AND e.contact_limit < $2 AND s.active = 1
             ORDER BY s.email, e.contact_limit",
        )
        .bind(now)
        .bind(until)
        .fetch_all(&self.reader)
        .await?;
        let mut out: Vec<DigestFor> = Vec::new();
        for r in rows {
            let email: String = r.try_get("email")?;
            let case = (r.try_get("reference")?, r.try_get("contact_limit")?);
            match out.last_mut() {
                Some((e, _, cases)) if *e == email => cases.push(case),
                _ => out.push((email, r.try_get("name")?, vec![case])),
            }
        }
        Ok(out)
    }
}

impl Store {
    /// The people of that exact name (the demo data finds its own people with it).
    pub async fn case_ids_by_name(
        &self,
        first_name: &str,
        last_name: &str,
    ) -> Result<Vec<ApplicantId>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM applicants WHERE first_name = $1 AND last_name = $2 ORDER BY id",
        )
        .bind(first_name)
        .bind(last_name)
        .fetch_all(&self.reader)
        .await?)
    }
}
