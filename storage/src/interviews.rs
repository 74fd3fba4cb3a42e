//! Professionals' availability, assessment interviews and assessments.
use crate::audit::commit_audited;
use crate::case::{change_state, current_state, CaseChangeError};
use crate::outbox::{enqueue, NewMessage};
use crate::sql::is_unique_violation;
use crate::{Store, StoreError};
use chrono::{NaiveDate, NaiveTime, Timelike, Weekday};
use domain::availability::{Mode, Slot, WeeklySlot};
use domain::case::{CaseEvent, CaseState, InvalidTransition};
use domain::ids::{ApplicantId, StaffId};
use sqlx::{FromRow, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyEntry {
    pub id: i64,
    pub slot: WeeklySlot,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Availability {
    pub professional_id: StaffId,
    pub name: String,
    pub weekly: Vec<WeeklyEntry>,
    pub away: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interview {
    pub id: i64,
    pub applicant_id: ApplicantId,
    pub professional_id: StaffId,
    pub professional_name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub mode: Mode,
    pub place: String,
    pub state: String,
    pub wants_earlier: bool,
}

/// Who a reminder goes to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReminderTo {
    pub first_name: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub language: String,
}

#[derive(Debug, Clone)]
pub struct NewBooking {
    pub applicant_id: ApplicantId,
    pub professional_id: StaffId,
    pub slot: Slot,
    pub wants_earlier: bool,
    /// The staff member booking, or `None` when the applicant moves their own interview.
    pub booked_by: Option<StaffId>,
    pub at: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error("the slot was taken meanwhile")]
    Taken,
    #[error(transparent)]
    Invalid(#[from] InvalidTransition),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<CaseChangeError> for BookingError {
    fn from(e: CaseChangeError) -> Self {
        match e {
            CaseChangeError::Invalid(e) => BookingError::Invalid(e),
            CaseChangeError::Store(e) => BookingError::Store(e),
        }
    }
}

impl From<sqlx::Error> for BookingError {
    fn from(e: sqlx::Error) -> Self {
        BookingError::Store(e.into())
    }
}

fn weekday_of(n: i64) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn interview_from(r: &sqlx::any::AnyRow) -> Result<Interview, sqlx::Error> {
    let mode: String = r.try_get("mode")?;
    Ok(Interview {
        id: r.try_get("id")?,
        applicant_id: r.try_get("applicant_id")?,
        professional_id: r.try_get("professional_id")?,
        professional_name: r.try_get("name")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        mode: Mode::from_code(&mode).unwrap_or(Mode::Office),
        place: r.try_get("place")?,
        state: r.try_get("state")?,
        wants_earlier: r.try_get::<i64, _>("wants_earlier")? != 0,
    })
}

/// `SELECT` of an interview's columns (`interviews i` joined with its professional `staff s`), then
/// the rest of the statement.
macro_rules! select_interviews {
    ($rest:literal) => {
        concat!(
            "SELECT i.id, i.applicant_id, i.professional_id, s.name, i.starts_at, i.ends_at, i.mode,
                i.place, i.state, i.wants_earlier",
            $rest
        )
    };
}

/// The applicant's booked interview, if any.
async fn booked_of<'c>(
    ex: impl sqlx::Executor<'c, Database = sqlx::Any>,
    applicant_id: ApplicantId,
) -> Result<Option<Interview>, sqlx::Error> {
    sqlx::query(select_interviews!(
        " FROM interviews i JOIN staff s ON s.id = i.professional_id
        WHERE i.applicant_id = $1 AND i.state = 'booked'"
    ))
    .bind(applicant_id)
    .fetch_optional(ex)
    .await?
    .as_ref()
    .map(interview_from)
    .transpose()
}

/// Ends the applicant's booked interview as `state` (`rescheduled`, `no_show`, `attended`): how
/// many were ended, none or one.
async fn end_booked(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    applicant_id: ApplicantId,
    state: &str,
    at: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE interviews SET state = $1, closed_at = $2 WHERE applicant_id = $3 AND state = 'booked'",
    )
    .bind(state)
    .bind(at)
    .bind(applicant_id)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

impl Store {
    pub async fn availability_of(
        &self,
        professional_id: Option<StaffId>,
    ) -> Result<Vec<Availability>, StoreError> {
        let staff = self.list_staff().await?;
        let mut out: Vec<Availability> = staff
            .into_iter()
            .filter(|s| s.active && s.has(domain::staff::Role::Professional))
            .filter(|s| professional_id.is_none_or(|p| p == s.id))
            .map(|s| Availability {
                professional_id: s.id,
                name: s.name,
                weekly: Vec::new(),
                away: Vec::new(),
            })
            .collect();
        let rows = sqlx::query(
            "SELECT id, professional_id, weekday, start_minute, minutes, mode, place FROM availability ORDER BY weekday, start_minute",
        )
        .fetch_all(&self.reader)
        .await?;
        for r in rows {
            let pid: StaffId = r.try_get("professional_id")?;
            let Some(a) = out.iter_mut().find(|a| a.professional_id == pid) else {
                continue;
            };
            let minute: i64 = r.try_get("start_minute")?;
            let mode: String = r.try_get("mode")?;
            a.weekly.push(WeeklyEntry {
                id: r.try_get("id")?,
                slot: WeeklySlot {
                    weekday: weekday_of(r.try_get("weekday")?),
                    start: u32::try_from(minute)
                        .ok()
                        .and_then(|m| NaiveTime::from_hms_opt(m / 60, m % 60, 0))
                        .ok_or_else(|| {
                            StoreError::Corrupt(format!("availability start minute {minute}"))
                        })?,
                    minutes: r.try_get::<i64, _>("minutes")? as u32,
                    mode: Mode::from_code(&mode).unwrap_or(Mode::Office),
                    place: r.try_get("place")?,
                },
            });
        }
        let rows = sqlx::query("SELECT professional_id, day FROM availability_away ORDER BY day")
            .fetch_all(&self.reader)
            .await?;
        for r in rows {
            let pid: StaffId = r.try_get("professional_id")?;
            let day: String = r.try_get("day")?;
            if let (Some(a), Ok(d)) = (
                out.iter_mut().find(|a| a.professional_id == pid),
                NaiveDate::parse_from_str(&day, "%Y-%m-%d"),
            ) {
                a.away.push(d);
            }
        }
        Ok(out)
    }

    pub async fn add_weekly_slot(
        &self,
        professional_id: StaffId,
        w: &WeeklySlot,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO availability (professional_id, weekday, start_minute, minutes, mode, place) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(professional_id)
        .bind(i64::from(w.weekday.number_from_monday()))
        .bind(i64::from(w.start.hour() * 60 + w.start.minute()))
        .bind(i64::from(w.minutes))
        .bind(w.mode.code())
        .bind(w.place.trim())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn remove_weekly_slot(
        &self,
        professional_id: StaffId,
        id: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM availability WHERE id = $1 AND professional_id = $2")
            .bind(id)
            .bind(professional_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn set_away(
        &self,
        professional_id: StaffId,
        day: NaiveDate,
        away: bool,
    ) -> Result<(), StoreError> {
        let sql = if away {
            "INSERT INTO availability_away (professional_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        } else {
            "DELETE FROM availability_away WHERE professional_id = $1 AND day = $2"
        };
        sqlx::query(sql)
            .bind(professional_id)
            .bind(day.to_string())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Starts already booked between `from` and `to`, by professional.
    pub async fn booked_starts(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<(StaffId, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT professional_id, starts_at FROM interviews WHERE state = 'booked' AND starts_at >= $1 AND starts_at < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.reader)
        .await?)
    }

    /// Books the interview and moves the case, in one transaction; an interview the applicant
    /// already has is replaced (rescheduled). A slot booked meanwhile is refused by the database.
    pub async fn book_interview(
        &self,
        b: &NewBooking,
        messages: impl FnOnce() -> Vec<NewMessage>,
    ) -> Result<i64, BookingError> {
        self.book_interview_replacing(b, |_| messages()).await
    }

    /// Books the interview; `messages` also learns which booking this one replaces (a move), so
    /// that the person's calendar can drop the old event.
    pub async fn book_interview_replacing(
        &self,
        b: &NewBooking,
        messages: impl FnOnce(Option<&Interview>) -> Vec<NewMessage>,
    ) -> Result<i64, BookingError> {
        let mut tx = self.writer.begin().await?;
        let previous = booked_of(&mut *tx, b.applicant_id).await?;
        let replaced = end_booked(&mut tx, b.applicant_id, "rescheduled", b.at).await?;
        if replaced == 0 {
            change_state(
                &mut tx,
                b.applicant_id,
                b.booked_by,
                CaseEvent::InterviewBooked,
                None,
                b.at,
            )
            .await?;
        } else {
            let from = current_state(&mut tx, b.applicant_id).await?;
            if from != CaseState::InterviewBooked {
                return Err(InvalidTransition {
                    from,
                    event: CaseEvent::InterviewBooked,
                }
                .into());
            }
        }
        let inserted = sqlx::query_scalar(
            "INSERT INTO interviews (applicant_id, professional_id, starts_at, ends_at, mode, place, state, wants_earlier, booked_by, booked_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'booked', $7, $8, $9) RETURNING id",
        )
        .bind(b.applicant_id)
        .bind(b.professional_id)
        .bind(b.slot.starts_at.timestamp())
        .bind(b.slot.ends_at.timestamp())
        .bind(b.slot.mode.code())
        .bind(&b.slot.place)
        .bind(i64::from(b.wants_earlier))
        .bind(b.booked_by)
        .bind(b.at)
        .fetch_one(&mut *tx)
        .await;
        let id: i64 = match inserted {
            Ok(id) => id,
            Err(e) if is_unique_violation(&e) => {
                tx.rollback().await?;
                return Err(BookingError::Taken);
            }
            Err(e) => return Err(e.into()),
        };
        for m in messages(previous.as_ref()) {
            enqueue(&mut tx, &m, b.at).await?;
        }
        commit_audited(
            tx,
            b.booked_by,
            "interview_booked",
            b.applicant_id,
            &id.to_string(),
            b.at,
        )
        .await?;
        Ok(id)
    }

    pub async fn booked_interview(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Option<Interview>, StoreError> {
        Ok(booked_of(&self.reader, applicant_id).await?)
    }

    /// Cancels the applicant's booked interview; the case waits for a new booking. `offers` gets the
    /// cancelled interview and the people booked later who asked for an earlier slot, and returns
    /// the messages to send them.
    pub async fn cancel_interview(
        &self,
        applicant_id: ApplicantId,
        staff_id: Option<StaffId>,
        at: i64,
        offers: impl FnOnce(&Interview, &[Interview]) -> Vec<NewMessage>,
    ) -> Result<Option<Interview>, BookingError> {
        let mut tx = self.writer.begin().await?;
        let Some(cancelled) = booked_of(&mut *tx, applicant_id).await? else {
            return Ok(None);
        };
        sqlx::query("UPDATE interviews SET state = 'cancelled', closed_at = $1 WHERE id = $2")
            .bind(at)
            .bind(cancelled.id)
            .execute(&mut *tx)
            .await?;
        change_state(
            &mut tx,
            applicant_id,
            staff_id,
            CaseEvent::InterviewCancelled,
            None,
            at,
        )
        .await?;
        let later = sqlx::query(select_interviews!(
            " FROM interviews i JOIN staff s ON s.id = i.professional_id
             WHERE i.state = 'booked' AND i.wants_earlier = 1 AND i.starts_at > $1 AND i.mode = $2
             ORDER BY i.booked_at LIMIT 3"
        ))
        .bind(cancelled.starts_at)
        .bind(cancelled.mode.code())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(interview_from)
        .collect::<Result<Vec<_>, _>>()?;
        if cancelled.starts_at > at {
            for m in offers(&cancelled, &later) {
                enqueue(&mut tx, &m, at).await?;
            }
        }
        commit_audited(
            tx,
            staff_id,
            "interview_cancelled",
            applicant_id,
            &cancelled.id.to_string(),
            at,
        )
        .await?;
        Ok(Some(cancelled))
    }

    /// The applicant did not come: the interview is marked and the case returns to the queue.
    pub async fn record_no_show(
        &self,
        applicant_id: ApplicantId,
        staff_id: StaffId,
        at: i64,
    ) -> Result<(), BookingError> {
        let mut tx = self.writer.begin().await?;
        if end_booked(&mut tx, applicant_id, "no_show", at).await? == 0 {
            return Err(StoreError::NotFound.into());
        }
        change_state(
            &mut tx,
            applicant_id,
            Some(staff_id),
            CaseEvent::NoShow,
            None,
            at,
        )
        .await?;
        commit_audited(
            tx,
            Some(staff_id),
            "interview_no_show",
            applicant_id,
            "",
            at,
        )
        .await?;
        Ok(())
    }

    /// Records the assessment (the interview took place) and moves the case to "assessed".
    pub async fn save_assessment(
        &self,
        applicant_id: ApplicantId,
        professional_id: StaffId,
        content_json: &str,
        at: i64,
    ) -> Result<(), BookingError> {
        let mut tx = self.writer.begin().await?;
        change_state(
            &mut tx,
            applicant_id,
            Some(professional_id),
            CaseEvent::Assessed,
            None,
            at,
        )
        .await?;
        end_booked(&mut tx, applicant_id, "attended", at).await?;
        sqlx::query("INSERT INTO assessments (applicant_id, professional_id, at, content) VALUES ($1, $2, $3, $4)")
            .bind(applicant_id)
            .bind(professional_id)
            .bind(at)
            .bind(content_json)
            .execute(&mut *tx)
            .await?;
        commit_audited(
            tx,
            Some(professional_id),
            "assessment_saved",
            applicant_id,
            "",
            at,
        )
        .await?;
        Ok(())
    }

    /// The latest assessment of the applicant: (professional's name, time, JSON).
    pub async fn latest_assessment(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Option<(String, i64, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT s.name, a.at, a.content FROM assessments a JOIN staff s ON s.id = a.professional_id
             WHERE a.applicant_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT 1",
        )
        .bind(applicant_id)
        .fetch_optional(&self.reader)
        .await?)
    }

    /// Claims the reminders now due (48 hours and 2 hours before) and queues their messages in the
    /// same transaction. The claim is one atomic update, so with several server instances each
    /// reminder goes out once.
    pub async fn send_due_reminders(
        &self,
        now: i64,
        messages: impl Fn(&Interview, &ReminderTo, u32) -> Vec<NewMessage>,
    ) -> Result<usize, StoreError> {
        let mut sent = 0;
        for (column, hours) in [("reminded_48h", 48u32), ("reminded_2h", 2u32)] {
            let mut tx = self.writer.begin().await?;
            let claimed: Vec<i64> = sqlx::query_scalar(&format!(
                "UPDATE interviews SET {column} = 1
                 WHERE state = 'booked' AND {column} = 0 AND starts_at > $1 AND starts_at <= $2
                 RETURNING id"
            ))
            .bind(now)
            .bind(now + i64::from(hours) * 3600)
            .fetch_all(&mut *tx)
            .await?;
            for id in claimed {
                let row = sqlx::query(select_interviews!(
                    ", a.first_name, a.mobile, a.email, a.language FROM interviews i
                     JOIN staff s ON s.id = i.professional_id JOIN applicants a ON a.id = i.applicant_id WHERE i.id = $1"
                ))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                let to = ReminderTo::from_row(&row)?;
                for m in messages(&interview_from(&row)?, &to, hours) {
                    enqueue(&mut tx, &m, now).await?;
                }
                sent += 1;
            }
            tx.commit().await?;
        }
        Ok(sent)
    }

    pub async fn interview_at(&self, id: i64) -> Result<Interview, StoreError> {
        let row = sqlx::query(select_interviews!(
            " FROM interviews i JOIN staff s ON s.id = i.professional_id WHERE i.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(interview_from(&row)?)
    }
}
