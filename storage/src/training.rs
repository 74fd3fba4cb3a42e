//! The training catalogue: courses, their sessions and seats, enrolment with a waiting list that
//! moves up by itself, and the attendance register.
//!
//! Every enrolment and departure first writes the course's row (`changed_at`) and only then
//! counts seats: on PostgreSQL that row lock makes two people racing for the last seat go one
//! after the other (the second counts the first), and on SQLite the single writer does the same.
use crate::audit::{audit_in, commit_audited};
use crate::case::current_state;
use crate::outbox::{enqueue, NewMessage};
use crate::{Store, StoreError};
use domain::case::CaseState;
use domain::ids::{ApplicantId, CourseId, CourseSessionId, StaffId};
use domain::training::{CourseDetails, Session, Standing};
use sqlx::{Any, Transaction};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CourseSummary {
    pub id: CourseId,
    pub provider: String,
    pub title: String,
    pub kind: String,
    pub level: String,
    pub italian_min: String,
    pub teaching_language: String,
    pub place: String,
    pub seats: i64,
    pub enrolled: i64,
    pub waiting: i64,
    pub first_starts: Option<i64>,
    pub last_ends: Option<i64>,
    pub total_minutes: i64,
}

impl CourseSummary {
    pub fn is_over(&self, now: i64) -> bool {
        self.last_ends.is_some_and(|e| e <= now)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct CourseSession {
    pub id: CourseSessionId,
    pub starts_at: i64,
    pub ends_at: i64,
}

impl CourseSession {
    pub fn session(self) -> Session {
        Session {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        }
    }
}

/// Someone on a course, as staff see them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Participant {
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub language: String,
    /// enrolled, waiting or left
    pub status: String,
    pub requested_at: i64,
    pub enrolled_at: Option<i64>,
    /// Minutes of the sessions marked present.
    pub attended_minutes: i64,
}

/// One mark of the register.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AttendanceMark {
    pub session_id: CourseSessionId,
    pub applicant_id: ApplicantId,
    /// present or absent
    pub mark: String,
}

/// Who a message about a course goes to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Learner {
    pub applicant_id: ApplicantId,
    pub first_name: String,
    pub language: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingNews {
    /// Enrolled when asked.
    Enrolled,
    /// On the waiting list at this place.
    Waiting(i64),
    /// Was waiting; a seat freed and it is theirs.
    SeatFreed,
    /// Taken off the course (or the waiting list) by the programme.
    Left,
}

/// What happened to whom, for the message that tells them.
pub struct Told<'a> {
    pub learner: &'a Learner,
    pub course: &'a CourseSummary,
    pub sessions: &'a [CourseSession],
    pub news: TrainingNews,
}

/// Builds the messages for a piece of news; they are written in the same transaction.
pub type Teller<'a> = &'a (dyn Fn(&Told<'_>) -> Vec<NewMessage> + Send + Sync);

/// A teller that says nothing (tests, and callers with no one to tell).
pub fn tell_nobody(_: &Told<'_>) -> Vec<NewMessage> {
    Vec::new()
}

#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no such course, session or person on it")]
    NotFound,
    /// Only a person on a path (after the plan) is enrolled.
    #[error("the case is not on a path ({0:?})")]
    NotInPath(CaseState),
    #[error("already on the course ({0:?})")]
    AlreadyOnCourse(Standing),
    #[error("the course is over")]
    CourseOver,
    /// The register is for people enrolled on the course.
    #[error("not enrolled on the course")]
    NotEnrolled,
}

impl From<sqlx::Error> for TrainingError {
    fn from(e: sqlx::Error) -> Self {
        TrainingError::Store(e.into())
    }
}

const SUMMARY: &str = "SELECT c.id, c.provider, c.title, c.kind, c.level, c.italian_min,
        c.teaching_language, c.place, c.seats,
        (SELECT COUNT(*) FROM course_enrolments e WHERE e.course_id = c.id AND e.status = 'enrolled') AS enrolled,
        (SELECT COUNT(*) FROM course_enrolments e WHERE e.course_id = c.id AND e.status = 'waiting') AS waiting,
        (SELECT MIN(s.starts_at) FROM course_sessions s WHERE s.course_id = c.id) AS first_starts,
        (SELECT MAX(s.ends_at) FROM course_sessions s WHERE s.course_id = c.id) AS last_ends,
        COALESCE((SELECT CAST(SUM(s.ends_at - s.starts_at) / 60 AS BIGINT) FROM course_sessions s WHERE s.course_id = c.id), 0) AS total_minutes
    FROM courses c";

async fn summary_in(
    tx: &mut Transaction<'_, Any>,
    course: CourseId,
) -> Result<Option<CourseSummary>, sqlx::Error> {
    sqlx::query_as(&format!("{SUMMARY} WHERE c.id = $1"))
        .bind(course)
        .fetch_optional(&mut **tx)
        .await
}

async fn sessions_in(
    tx: &mut Transaction<'_, Any>,
    course: CourseId,
) -> Result<Vec<CourseSession>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, starts_at, ends_at FROM course_sessions WHERE course_id = $1 ORDER BY starts_at",
    )
    .bind(course)
    .fetch_all(&mut **tx)
    .await
}

/// Takes the course's row for the rest of the transaction (see the module's comment).
async fn lock_course(
    tx: &mut Transaction<'_, Any>,
    course: CourseId,
    now: i64,
) -> Result<CourseSummary, TrainingError> {
    let locked = sqlx::query("UPDATE courses SET changed_at = $1 WHERE id = $2")
        .bind(now)
        .bind(course)
        .execute(&mut **tx)
        .await?;
    if locked.rows_affected() == 0 {
        return Err(TrainingError::NotFound);
    }
    summary_in(tx, course).await?.ok_or(TrainingError::NotFound)
}

async fn learner_in(
    tx: &mut Transaction<'_, Any>,
    applicant_id: ApplicantId,
) -> Result<Option<Learner>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id AS applicant_id, a.first_name, e.language, a.mobile, a.email
         FROM applicants a JOIN enrolments e ON e.applicant_id = a.id WHERE a.id = $1",
    )
    .bind(applicant_id)
    .fetch_optional(&mut **tx)
    .await
}

async fn standing_in(
    tx: &mut Transaction<'_, Any>,
    course: CourseId,
    applicant_id: ApplicantId,
) -> Result<Option<Standing>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT status, requested_at FROM course_enrolments WHERE course_id = $1 AND applicant_id = $2",
    )
    .bind(course)
    .bind(applicant_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((status, requested_at)) = row else {
        return Ok(None);
    };
    Ok(Some(match status.as_str() {
        "enrolled" => Standing::Enrolled,
        "waiting" => {
            Standing::Waiting(waiting_place(&mut **tx, course, applicant_id, requested_at).await?)
        }
        _ => Standing::Left,
    }))
}

async fn waiting_place<'e, E: sqlx::Executor<'e, Database = Any>>(
    exec: E,
    course: CourseId,
    applicant_id: ApplicantId,
    requested_at: i64,
) -> Result<i64, sqlx::Error> {
    let ahead: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM course_enrolments WHERE course_id = $1 AND status = 'waiting'
           AND (requested_at < $2 OR (requested_at = $2 AND applicant_id < $3))",
    )
    .bind(course)
    .bind(requested_at)
    .bind(applicant_id)
    .fetch_one(exec)
    .await?;
    Ok(ahead + 1)
}

async fn tell_in(
    tx: &mut Transaction<'_, Any>,
    tell: Teller<'_>,
    applicant_id: ApplicantId,
    course: &CourseSummary,
    news: TrainingNews,
    now: i64,
) -> Result<(), StoreError> {
    let Some(learner) = learner_in(tx, applicant_id).await? else {
        return Ok(());
    };
    let sessions = sessions_in(tx, course.id).await?;
    for m in tell(&Told {
        learner: &learner,
        course,
        sessions: &sessions,
        news,
    }) {
        enqueue(tx, &m, now).await?;
    }
    Ok(())
}

/// A seat freed on `course`: the first person waiting has it, and is told. Nobody moves up once
/// the course is over.
async fn move_up(
    tx: &mut Transaction<'_, Any>,
    course: &CourseSummary,
    tell: Teller<'_>,
    now: i64,
) -> Result<Option<ApplicantId>, StoreError> {
    if course.is_over(now) {
        return Ok(None);
    }
    let enrolled: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM course_enrolments WHERE course_id = $1 AND status = 'enrolled'",
    )
    .bind(course.id)
    .fetch_one(&mut **tx)
    .await?;
    if enrolled >= course.seats {
        return Ok(None);
    }
    let next: Option<ApplicantId> = sqlx::query_scalar(
        "SELECT applicant_id FROM course_enrolments WHERE course_id = $1 AND status = 'waiting'
         ORDER BY requested_at, applicant_id LIMIT 1",
    )
    .bind(course.id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(next) = next else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE course_enrolments SET status = 'enrolled', enrolled_at = $1
         WHERE course_id = $2 AND applicant_id = $3",
    )
    .bind(now)
    .bind(course.id)
    .bind(next)
    .execute(&mut **tx)
    .await?;
    audit_in(
        tx,
        None,
        "course_seat_freed",
        Some(next),
        &course.id.to_string(),
        now,
    )
    .await?;
    tell_in(tx, tell, next, course, TrainingNews::SeatFreed, now).await?;
    Ok(Some(next))
}

/// Takes a person off `course` in an open transaction, moving the waiting list up if they held
/// a seat. Returns who moved up.
async fn leave_in(
    tx: &mut Transaction<'_, Any>,
    course: CourseId,
    applicant_id: ApplicantId,
    now: i64,
    tell: Teller<'_>,
) -> Result<Option<ApplicantId>, TrainingError> {
    let summary = lock_course(tx, course, now).await?;
    let was = standing_in(tx, course, applicant_id).await?;
    match was {
        None | Some(Standing::Left) => return Err(TrainingError::NotEnrolled),
        Some(_) => {}
    }
    sqlx::query(
        "UPDATE course_enrolments SET status = 'left', left_at = $1 WHERE course_id = $2 AND applicant_id = $3",
    )
    .bind(now)
    .bind(course)
    .bind(applicant_id)
    .execute(&mut **tx)
    .await?;
    if was == Some(Standing::Enrolled) {
        Ok(move_up(tx, &summary, tell, now).await?)
    } else {
        Ok(None)
    }
}

/// Takes a withdrawing person off every course they are on or waiting for; their seats go to
/// whoever waits.
pub(crate) async fn leave_every_course(
    tx: &mut Transaction<'_, Any>,
    applicant_id: ApplicantId,
    now: i64,
    tell: Teller<'_>,
) -> Result<(), StoreError> {
    let courses: Vec<CourseId> = sqlx::query_scalar(
        "SELECT course_id FROM course_enrolments WHERE applicant_id = $1 AND status <> 'left'
         ORDER BY course_id",
    )
    .bind(applicant_id)
    .fetch_all(&mut **tx)
    .await?;
    for course in courses {
        match leave_in(tx, course, applicant_id, now, tell).await {
            Ok(_) | Err(TrainingError::NotEnrolled) => {}
            Err(TrainingError::Store(e)) => return Err(e),
            Err(e) => return Err(StoreError::Corrupt(e.to_string())),
        }
    }
    Ok(())
}

impl Store {
    pub async fn create_course(
        &self,
        course: &CourseDetails,
        staff_id: StaffId,
        now: i64,
    ) -> Result<CourseId, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id: CourseId = sqlx::query_scalar(
            "INSERT INTO courses (provider, title, kind, level, italian_min, teaching_language,
                place, seats, changed_at, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9) RETURNING id",
        )
        .bind(&course.provider)
        .bind(&course.title)
        .bind(course.kind.code())
        .bind(&course.level)
        .bind(&course.italian_min)
        .bind(&course.teaching_language)
        .bind(&course.place)
        .bind(i64::from(course.seats))
        .bind(now)
        .bind(staff_id)
        .fetch_one(&mut *tx)
        .await?;
        for s in &course.sessions {
            sqlx::query(
                "INSERT INTO course_sessions (course_id, starts_at, ends_at) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(s.starts_at)
            .bind(s.ends_at)
            .execute(&mut *tx)
            .await?;
        }
        commit_audited(
            tx,
            Some(staff_id),
            "course_created",
            None,
            &id.to_string(),
            now,
        )
        .await?;
        Ok(id)
    }

    /// The catalogue: courses not over at `now` (or every course), soonest first.
    pub async fn courses(
        &self,
        now: i64,
        with_past: bool,
    ) -> Result<Vec<CourseSummary>, StoreError> {
        let all: Vec<CourseSummary> =
            sqlx::query_as(&format!("{SUMMARY} ORDER BY first_starts, c.id"))
                .fetch_all(&self.reader)
                .await?;
        Ok(all
            .into_iter()
            .filter(|c| with_past || !c.is_over(now))
            .collect())
    }

    pub async fn course(&self, course: CourseId) -> Result<Option<CourseSummary>, StoreError> {
        Ok(sqlx::query_as(&format!("{SUMMARY} WHERE c.id = $1"))
            .bind(course)
            .fetch_optional(&self.reader)
            .await?)
    }

    pub async fn course_sessions(
        &self,
        course: CourseId,
    ) -> Result<Vec<CourseSession>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, starts_at, ends_at FROM course_sessions WHERE course_id = $1 ORDER BY starts_at",
        )
        .bind(course)
        .fetch_all(&self.reader)
        .await?)
    }

    /// Everyone enrolled, waiting (in the list's order) or gone from a course.
    pub async fn course_participants(
        &self,
        course: CourseId,
    ) -> Result<Vec<Participant>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT a.id AS applicant_id, a.reference, a.first_name, a.last_name, e.language,
                    ce.status, ce.requested_at, ce.enrolled_at,
                    COALESCE((SELECT CAST(SUM(s.ends_at - s.starts_at) / 60 AS BIGINT) FROM course_attendance m
                        JOIN course_sessions s ON s.id = m.session_id
                        WHERE m.applicant_id = ce.applicant_id AND s.course_id = ce.course_id
                          AND m.mark = 'present'), 0) AS attended_minutes
             FROM course_enrolments ce
             JOIN applicants a ON a.id = ce.applicant_id
             JOIN enrolments e ON e.applicant_id = ce.applicant_id
             WHERE ce.course_id = $1
             ORDER BY CASE ce.status WHEN 'enrolled' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END,
                      ce.requested_at, ce.applicant_id",
        )
        .bind(course)
        .fetch_all(&self.reader)
        .await?)
    }

    /// The register of a course: every mark given.
    pub async fn attendance_marks(
        &self,
        course: CourseId,
    ) -> Result<Vec<AttendanceMark>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT m.session_id, m.applicant_id, m.mark FROM course_attendance m
             JOIN course_sessions s ON s.id = m.session_id WHERE s.course_id = $1",
        )
        .bind(course)
        .fetch_all(&self.reader)
        .await?)
    }

    /// Where a person stands on a course, if they were ever on it.
    pub async fn course_standing(
        &self,
        course: CourseId,
        applicant_id: ApplicantId,
    ) -> Result<Option<Standing>, StoreError> {
        let mut tx = self.reader.begin().await?;
        Ok(standing_in(&mut tx, course, applicant_id).await?)
    }

    /// The courses a person is on, waiting for, or left, with where they stand and the minutes
    /// they attended.
    pub async fn courses_of(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Vec<(CourseSummary, Standing, i64)>, StoreError> {
        let ids: Vec<CourseId> = sqlx::query_scalar(
            "SELECT course_id FROM course_enrolments WHERE applicant_id = $1 ORDER BY requested_at",
        )
        .bind(applicant_id)
        .fetch_all(&self.reader)
        .await?;
        let mut out = Vec::new();
        for id in ids {
            let mut tx = self.reader.begin().await?;
            let (Some(summary), Some(standing)) = (
                summary_in(&mut tx, id).await?,
                standing_in(&mut tx, id, applicant_id).await?,
            ) else {
                continue;
            };
            let attended: i64 = sqlx::query_scalar(
                "SELECT COALESCE(CAST(SUM(s.ends_at - s.starts_at) / 60 AS BIGINT), 0) FROM course_attendance m
                 JOIN course_sessions s ON s.id = m.session_id
                 WHERE m.applicant_id = $1 AND s.course_id = $2 AND m.mark = 'present'",
            )
            .bind(applicant_id)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            out.push((summary, standing, attended));
        }
        Ok(out)
    }

    /// Enrols a person on a path: a seat if one is free, otherwise the end of the waiting list.
    /// They are told either way, in the same transaction.
    pub async fn enrol_in_course(
        &self,
        course: CourseId,
        applicant_id: ApplicantId,
        staff_id: StaffId,
        now: i64,
        tell: Teller<'_>,
    ) -> Result<Standing, TrainingError> {
        let mut tx = self.writer.begin().await?;
        let summary = lock_course(&mut tx, course, now).await?;
        if summary.is_over(now) {
            return Err(TrainingError::CourseOver);
        }
        let state = current_state(&mut tx, applicant_id).await?;
        if state != CaseState::InPath {
            return Err(TrainingError::NotInPath(state));
        }
        let before = standing_in(&mut tx, course, applicant_id).await?;
        if let Some(s @ (Standing::Enrolled | Standing::Waiting(_))) = before {
            return Err(TrainingError::AlreadyOnCourse(s));
        }
        let seat = summary.enrolled < summary.seats;
        let status = if seat { "enrolled" } else { "waiting" };
        let enrolled_at = seat.then_some(now);
        if before.is_some() {
            sqlx::query(
                "UPDATE course_enrolments SET status = $1, requested_at = $2, enrolled_at = $3,
                    left_at = NULL, requested_by = $4
                 WHERE course_id = $5 AND applicant_id = $6",
            )
            .bind(status)
            .bind(now)
            .bind(enrolled_at)
            .bind(staff_id)
            .bind(course)
            .bind(applicant_id)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO course_enrolments (course_id, applicant_id, status, requested_at,
                    enrolled_at, requested_by)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(course)
            .bind(applicant_id)
            .bind(status)
            .bind(now)
            .bind(enrolled_at)
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        }
        let standing = standing_in(&mut tx, course, applicant_id)
            .await?
            .ok_or(TrainingError::NotFound)?;
        let news = match standing {
            Standing::Waiting(n) => TrainingNews::Waiting(n),
            _ => TrainingNews::Enrolled,
        };
        tell_in(&mut tx, tell, applicant_id, &summary, news, now).await?;
        commit_audited(
            tx,
            Some(staff_id),
            if seat {
                "course_enrolled"
            } else {
                "course_waiting"
            },
            applicant_id,
            &course.to_string(),
            now,
        )
        .await?;
        Ok(standing)
    }

    /// Takes a person off a course or its waiting list; a freed seat goes to the first person
    /// waiting, who is told. Returns who moved up.
    pub async fn leave_course(
        &self,
        course: CourseId,
        applicant_id: ApplicantId,
        staff_id: StaffId,
        now: i64,
        tell: Teller<'_>,
    ) -> Result<Option<ApplicantId>, TrainingError> {
        let mut tx = self.writer.begin().await?;
        let moved_up = leave_in(&mut tx, course, applicant_id, now, tell).await?;
        let summary = summary_in(&mut tx, course)
            .await?
            .ok_or(TrainingError::NotFound)?;
        tell_in(
            &mut tx,
            tell,
            applicant_id,
            &summary,
            TrainingNews::Left,
            now,
        )
        .await?;
        commit_audited(
            tx,
            Some(staff_id),
            "course_left",
            applicant_id,
            &course.to_string(),
            now,
        )
        .await?;
        Ok(moved_up)
    }

    /// Marks one person present or absent at one session; marking again replaces the mark.
    pub async fn mark_attendance(
        &self,
        session: CourseSessionId,
        applicant_id: ApplicantId,
        present: bool,
        staff_id: StaffId,
        now: i64,
    ) -> Result<(), TrainingError> {
        let mut tx = self.writer.begin().await?;
        let enrolled: Option<String> = sqlx::query_scalar(
            "SELECT ce.status FROM course_sessions s
             JOIN course_enrolments ce ON ce.course_id = s.course_id AND ce.applicant_id = $2
             WHERE s.id = $1",
        )
        .bind(session)
        .bind(applicant_id)
        .fetch_optional(&mut *tx)
        .await?;
        match enrolled.as_deref() {
            Some("enrolled") => {}
            Some(_) => return Err(TrainingError::NotEnrolled),
            None => return Err(TrainingError::NotFound),
        }
        let mark = if present { "present" } else { "absent" };
        // One statement both databases run: insert the mark, or replace the one given.
        sqlx::query(
            "INSERT INTO course_attendance (session_id, applicant_id, mark, marked_by, marked_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (session_id, applicant_id)
             DO UPDATE SET mark = excluded.mark, marked_by = excluded.marked_by, marked_at = excluded.marked_at",
        )
        .bind(session)
        .bind(applicant_id)
        .bind(mark)
        .bind(staff_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The course a session belongs to.
    pub async fn session_course(
        &self,
        session: CourseSessionId,
    ) -> Result<Option<CourseId>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT course_id FROM course_sessions WHERE id = $1")
                .bind(session)
                .fetch_optional(&self.reader)
                .await?,
        )
    }
}
