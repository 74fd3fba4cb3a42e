//! Drafts of the questionnaire, enrolment of applicants, and what the status page shows.
use crate::case::{change_state, current_state, CaseChangeError};
use crate::company_board::leave_board;
use crate::outbox::{enqueue, NewMessage};
use crate::{Store, StoreError};
use domain::case::{CaseEvent, CloseReason};
use domain::ids::ApplicantId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDraft {
    pub token_hash: String,
    pub comune_istat: String,
    pub answers_json: String,
    pub now: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Draft {
    pub id: i64,
    pub comune_istat: String,
    #[sqlx(rename = "answers")]
    pub answers_json: String,
    /// The furthest step reached (index into the questionnaire's steps).
    pub step: i64,
    /// The step whose problems the person must be shown (after a refused "Next").
    pub errors_step: Option<i64>,
    pub applicant_id: Option<ApplicantId>,
    pub outcome: Option<String>,
    /// When the draft last changed: for a submitted one, when it was submitted.
    pub updated_at: i64,
}

/// Everything the enrolment stores; built by the intake feature from valid answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplicant {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: String,
    pub sex: String,
    pub gender: String,
    pub codice_fiscale: Option<String>,
    pub identity_key: String,
    pub mobile: String,
    pub email: Option<String>,
    pub language: String,
    pub comune_istat: String,
    pub answers_json: String,
    pub privacy_version: String,
    pub received_at: i64,
    pub due_soon_at: i64,
    pub contact_due: i64,
    pub contact_limit: i64,
    pub needs_flagged: bool,
    pub status_token_hash: String,
}

/// What the secretariat searches names by: surname then name, folded to lower case.
pub fn name_key(last_name: &str, first_name: &str) -> String {
    domain::territory::fold(&format!("{} {}", last_name.trim(), first_name.trim()))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitOutcome {
    Enrolled {
        applicant_id: ApplicantId,
        reference: String,
    },
    /// This draft was submitted before (a double tap or a retry): nothing new was written.
    AlreadySubmitted { applicant_id: ApplicantId },
    /// The same person is already enrolled through another questionnaire.
    Duplicate { applicant_id: ApplicantId },
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApplicantStatus {
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub first_name: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub language: String,
    pub state: String,
    pub received_at: i64,
    pub contact_due: i64,
    pub contact_limit: i64,
}

/// Who to tell when somebody tries to enrol again: the contact on file, never the one just typed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ContactOnFile {
    pub applicant_id: ApplicantId,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub language: String,
}

/// Whether a new status link replaces the applicant's older ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    Older,
    Nothing,
}

/// How long a status link keeps working after its case was closed: time to read why, and to
/// ask the secretariat about it.
pub const STATUS_LINK_GRACE_SECS: i64 = 60 * 86400;

impl Store {
    /// A new draft, with the random key that makes its submission idempotent (see `enrolment`).
    pub async fn create_draft(&self, d: &NewDraft) -> Result<i64, StoreError> {
        let submission_key = format!("{:032x}", rand::random::<u128>());
        Ok(sqlx::query_scalar(
            "INSERT INTO drafts (token_hash, comune_istat, answers, step, created_at, updated_at,
                expires_at, submission_key)
             VALUES ($1, $2, $3, 0, $4, $4, $5, $6) RETURNING id",
        )
        .bind(&d.token_hash)
        .bind(&d.comune_istat)
        .bind(&d.answers_json)
        .bind(d.now)
        .bind(d.expires_at)
        .bind(submission_key)
        .fetch_one(&self.writer)
        .await?)
    }

    /// The open draft whose token hashes to `token_hash`, if it has not expired at `now` (the resume
    /// code is the draft's only secret, kept by the browser as a cookie). Lookups made at the same
    /// moment are read together (see `draft_reads`).
    pub async fn draft_by_token(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Draft>, StoreError> {
        self.draft_reads.get(&self.reader, token_hash, now).await
    }

    pub async fn save_draft(
        &self,
        id: i64,
        answers_json: &str,
        step: i64,
        errors_step: Option<i64>,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE drafts SET answers = $1, step = $2, errors_step = $3, updated_at = $4, expires_at = $5
             WHERE id = $6 AND applicant_id IS NULL AND outcome IS NULL",
        )
        .bind(answers_json)
        .bind(step)
        .bind(errors_step)
        .bind(now)
        .bind(expires_at)
        .bind(id)
        .execute(&self.writer)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn delete_draft(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM drafts WHERE id = $1")
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn delete_expired_drafts(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM drafts WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }

    /// Counts one person found not eligible; nothing about them is kept.
    pub async fn count_ineligible(&self, day: &str, reason: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO eligibility_outcomes (day, reason, count) VALUES ($1, $2, 1)
             ON CONFLICT (day, reason) DO UPDATE SET count = eligibility_outcomes.count + 1",
        )
        .bind(day)
        .bind(reason)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn ineligible_counts(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT day, reason, count FROM eligibility_outcomes ORDER BY day, reason",
        )
        .fetch_all(&self.reader)
        .await?)
    }

    /// Marks a draft whose person is already enrolled, so its answers are dropped and its page says so.
    pub async fn close_draft_as_duplicate(
        &self,
        draft_id: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE drafts SET outcome = 'duplicate', answers = '{}', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(draft_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn contact_on_file(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<ContactOnFile, StoreError> {
        sqlx::query_as(
            "SELECT id AS applicant_id, mobile, email, language FROM applicants
             WHERE id = $1 AND withdrawn_at IS NULL",
        )
        .bind(applicant_id)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// Adds a status link for an applicant and queues the messages that carry it.
    /// Adds a status link (and queues the messages that carry it). `Replace::Older` makes it the
    /// only one: a re-sent link revokes the older ones, so one lost or seen by someone else stops
    /// working. Links in interview messages are added beside the one the person may be using.
    pub async fn add_status_token(
        &self,
        applicant_id: ApplicantId,
        token_hash: &str,
        messages: &[NewMessage],
        replace: Replace,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        if replace == Replace::Older {
            sqlx::query("DELETE FROM status_tokens WHERE applicant_id = $1")
                .bind(applicant_id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO status_tokens (token_hash, applicant_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(applicant_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for m in messages {
            enqueue(&mut tx, m, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The applicant a status link belongs to. A link stops working `STATUS_LINK_GRACE_SECS` after
    /// its case was closed (`now` is the time of the request).
    pub async fn applicant_by_status_token(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<ApplicantStatus>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT a.id AS applicant_id, a.reference, a.first_name, a.mobile, a.email, a.language, e.state,
                    e.received_at, e.contact_due, e.contact_limit
             FROM status_tokens t JOIN applicants a ON a.id = t.applicant_id JOIN enrolments e ON e.applicant_id = a.id
             WHERE t.token_hash = $1 AND (e.closed_at IS NULL OR e.closed_at > $2)",
        )
        .bind(token_hash)
        .bind(now - STATUS_LINK_GRACE_SECS)
        .fetch_optional(&self.reader)
        .await?)
    }

    pub async fn update_contacts(
        &self,
        applicant_id: ApplicantId,
        mobile: &str,
        email: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE applicants SET mobile = $1, email = $2 WHERE id = $3 AND withdrawn_at IS NULL",
        )
        .bind(mobile)
        .bind(email)
        .bind(applicant_id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Withdrawal closes the enrolment and erases what identifies the person. What the European
    /// Social Fund reporting needs in aggregate (comune, gender, birth year, dates) stays.
    pub async fn withdraw(
        &self,
        applicant_id: ApplicantId,
        now: i64,
        tell: crate::training::Teller<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "UPDATE applicants SET first_name = '', last_name = '', birth_date = substr(birth_date, 1, 4),
                codice_fiscale = NULL, identity_key = NULL, mobile = NULL, email = NULL, answers = '{}',
                name_key = '', withdrawn_at = $1, share_with_companies = 'none'
             WHERE id = $2",
        )
        .bind(now)
        .bind(applicant_id)
        .execute(&mut *tx)
        .await?;
        // A case already closed stays as it was closed; the person's data goes all the same.
        if current_state(&mut tx, applicant_id).await?.is_open() {
            let withdrawn = CloseReason::Withdrawn;
            change_state(
                &mut tx,
                applicant_id,
                None,
                CaseEvent::Close(withdrawn),
                Some(withdrawn.code()),
                now,
            )
            .await
            .map_err(|e| match e {
                CaseChangeError::Store(e) => e,
                CaseChangeError::Invalid(e) => StoreError::Corrupt(e.to_string()),
            })?;
        }
        sqlx::query("DELETE FROM status_tokens WHERE applicant_id = $1")
            .bind(applicant_id)
            .execute(&mut *tx)
            .await?;
        leave_board(&mut tx, applicant_id, now).await?;
        crate::plans::strip_plans(&mut tx, applicant_id).await?;
        crate::training::leave_every_course(&mut tx, applicant_id, now, tell).await?;
        crate::group_sessions::leave_every_group_session(&mut tx, applicant_id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn enrolment_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) AS n FROM enrolments")
            .fetch_one(&self.reader)
            .await?)
    }
}
