//! Group sessions: information and motivation meetings, the people invited one by one, their
//! reminders and attendance. Every invitation first writes the session's row (`changed_at`) and
//! only then counts seats, as enrolment on a course does, so two invitations racing for the last
//! seat go one after the other.
//!
//! Each message is written for one person and names no one else: people invited together never
//! learn each other's names or contacts.
use crate::audit::{audit_in, commit_audited};
use crate::case::current_state;
use crate::outbox::{enqueue, NewMessage};
use crate::{Store, StoreError};
use domain::case::CaseState;
use domain::group_session::{
    may_be_invited, register_open, Invitation, SessionDetails, Topic, REMINDER_HOURS,
};
use domain::ids::{ApplicantId, GroupSessionId, StaffId};
use sqlx::{Any, Transaction};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GroupSession {
    pub id: GroupSessionId,
    pub topic: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    pub video_link: String,
    pub seats: i64,
    pub language: String,
    pub cancelled_at: Option<i64>,
    /// People invited and not declined or removed.
    pub invited: i64,
    pub present: i64,
}

impl GroupSession {
    pub fn is_over(&self, now: i64) -> bool {
        self.ends_at <= now
    }

    pub fn is_full(&self) -> bool {
        self.invited >= self.seats
    }

    pub fn topic(&self) -> Option<Topic> {
        Topic::from_code(&self.topic)
    }
}

/// Someone invited to a session, as staff see them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Invitee {
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub language: String,
    /// invited, declined or removed
    pub status: String,
    /// present or absent, once marked
    pub attendance: Option<String>,
}

/// Someone the session's page offers to invite.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QueuedPerson {
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub language: String,
    pub state: String,
    pub received_at: i64,
}

/// Who a message about a session goes to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Guest {
    pub applicant_id: ApplicantId,
    pub first_name: String,
    pub language: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionNews {
    Invited,
    /// The day before.
    Reminder,
    /// They said they cannot come: the event leaves their calendar.
    Declined,
    /// Taken off by the programme.
    Removed,
    /// The whole session is cancelled.
    Cancelled,
}

/// What happened to whom, for the message that tells them.
pub struct SessionTold<'a> {
    pub guest: &'a Guest,
    pub session: &'a GroupSession,
    pub news: SessionNews,
    /// When this invitation was made: with the session and the person, it names the calendar
    /// event, so that an invitation made again after a cancellation is a new event.
    pub invited_at: i64,
}

/// Builds the messages for a piece of news; they are written in the same transaction.
pub type SessionTeller<'a> = &'a (dyn Fn(&SessionTold<'_>) -> Vec<NewMessage> + Send + Sync);

#[derive(Debug, thiserror::Error)]
pub enum GroupSessionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no such session or person")]
    NotFound,
    #[error("every seat is taken")]
    Full,
    #[error("the session is over")]
    Over,
    #[error("the session is cancelled")]
    Cancelled,
    #[error("already invited")]
    AlreadyInvited,
    /// Closed, placed or on hold.
    #[error("the case cannot be invited ({0:?})")]
    NotInvitable(CaseState),
    #[error("not invited to the session")]
    NotInvited,
    #[error("the register is not open yet")]
    TooEarly,
}

impl From<sqlx::Error> for GroupSessionError {
    fn from(e: sqlx::Error) -> Self {
        GroupSessionError::Store(e.into())
    }
}

const SESSION: &str = "SELECT g.id, g.topic, g.title, g.starts_at, g.ends_at, g.place, g.video_link,
        g.seats, g.language, g.cancelled_at,
        (SELECT COUNT(*) FROM group_session_invitations i WHERE i.session_id = g.id AND i.status = 'invited') AS invited,
        (SELECT COUNT(*) FROM group_session_invitations i WHERE i.session_id = g.id AND i.attendance = 'present') AS present
    FROM group_sessions g";

async fn session_in(
    tx: &mut Transaction<'_, Any>,
    id: GroupSessionId,
) -> Result<Option<GroupSession>, sqlx::Error> {
    sqlx::query_as(&format!("{SESSION} WHERE g.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
}

/// Takes the session's row for the rest of the transaction.
async fn lock_session(
    tx: &mut Transaction<'_, Any>,
    id: GroupSessionId,
    now: i64,
) -> Result<GroupSession, GroupSessionError> {
    let locked = sqlx::query("UPDATE group_sessions SET changed_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if locked.rows_affected() == 0 {
        return Err(GroupSessionError::NotFound);
    }
    session_in(tx, id).await?.ok_or(GroupSessionError::NotFound)
}

async fn status_in(
    tx: &mut Transaction<'_, Any>,
    id: GroupSessionId,
    applicant_id: ApplicantId,
) -> Result<Option<Invitation>, sqlx::Error> {
    let code: Option<String> = sqlx::query_scalar(
        "SELECT status FROM group_session_invitations WHERE session_id = $1 AND applicant_id = $2",
    )
    .bind(id)
    .bind(applicant_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(code.and_then(|c| Invitation::from_code(&c)))
}

async fn tell_in(
    tx: &mut Transaction<'_, Any>,
    tell: SessionTeller<'_>,
    applicant_id: ApplicantId,
    session: &GroupSession,
    news: SessionNews,
    now: i64,
) -> Result<(), StoreError> {
    let guest: Option<Guest> = sqlx::query_as(
        "SELECT a.id AS applicant_id, a.first_name, e.language, a.mobile, a.email
         FROM applicants a JOIN enrolments e ON e.applicant_id = a.id WHERE a.id = $1",
    )
    .bind(applicant_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(guest) = guest else {
        return Ok(());
    };
    let invited_at: i64 = sqlx::query_scalar(
        "SELECT invited_at FROM group_session_invitations WHERE session_id = $1 AND applicant_id = $2",
    )
    .bind(session.id)
    .bind(applicant_id)
    .fetch_optional(&mut **tx)
    .await?
    .unwrap_or(now);
    for m in tell(&SessionTold {
        guest: &guest,
        session,
        news,
        invited_at,
    }) {
        enqueue(tx, &m, now).await?;
    }
    Ok(())
}

/// Takes a withdrawing person off the sessions still to come. Their contacts are already erased,
/// so there is no one to tell.
pub(crate) async fn leave_every_group_session(
    tx: &mut Transaction<'_, Any>,
    applicant_id: ApplicantId,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE group_session_invitations SET status = 'removed', answered_at = $1
         WHERE applicant_id = $2 AND status = 'invited'
           AND session_id IN (SELECT id FROM group_sessions WHERE ends_at > $1)",
    )
    .bind(now)
    .bind(applicant_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    pub async fn create_group_session(
        &self,
        s: &SessionDetails,
        staff_id: StaffId,
        now: i64,
    ) -> Result<GroupSessionId, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id: GroupSessionId = sqlx::query_scalar(
            "INSERT INTO group_sessions (topic, title, starts_at, ends_at, place, video_link, seats,
                language, changed_at, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9) RETURNING id",
        )
        .bind(s.topic.code())
        .bind(&s.title)
        .bind(s.starts_at)
        .bind(s.ends_at)
        .bind(&s.place)
        .bind(&s.video_link)
        .bind(i64::from(s.seats))
        .bind(&s.language)
        .bind(now)
        .bind(staff_id)
        .fetch_one(&mut *tx)
        .await?;
        commit_audited(
            tx,
            Some(staff_id),
            "group_session_created",
            None,
            &id.to_string(),
            now,
        )
        .await?;
        Ok(id)
    }

    /// Sessions not yet over (and not cancelled), soonest first; with `with_past`, every session,
    /// latest first.
    pub async fn group_sessions(
        &self,
        now: i64,
        with_past: bool,
    ) -> Result<Vec<GroupSession>, StoreError> {
        let sql = if with_past {
            format!("{SESSION} ORDER BY g.starts_at DESC, g.id DESC LIMIT 500")
        } else {
            format!(
                "{SESSION} WHERE g.ends_at > $1 AND g.cancelled_at IS NULL
                 ORDER BY g.starts_at, g.id"
            )
        };
        let mut q = sqlx::query_as(&sql);
        if !with_past {
            q = q.bind(now);
        }
        Ok(q.fetch_all(&self.reader).await?)
    }

    pub async fn group_session(
        &self,
        id: GroupSessionId,
    ) -> Result<Option<GroupSession>, StoreError> {
        Ok(sqlx::query_as(&format!("{SESSION} WHERE g.id = $1"))
            .bind(id)
            .fetch_optional(&self.reader)
            .await?)
    }

    /// Everyone ever invited to the session, by name.
    pub async fn group_session_invitees(
        &self,
        id: GroupSessionId,
    ) -> Result<Vec<Invitee>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT a.id AS applicant_id, a.reference, a.first_name, a.last_name, e.language,
                    i.status, i.attendance
             FROM group_session_invitations i JOIN applicants a ON a.id = i.applicant_id
             JOIN enrolments e ON e.applicant_id = a.id
             WHERE i.session_id = $1
             ORDER BY a.last_name, a.first_name, a.id",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?)
    }

    /// The people the session's page offers to invite: open cases in the states its topic is for,
    /// not already invited, people who speak its language first, then by who has waited longest.
    pub async fn group_session_queue(
        &self,
        session: &GroupSession,
        limit: i64,
    ) -> Result<Vec<QueuedPerson>, StoreError> {
        let Some(topic) = session.topic() else {
            return Ok(Vec::new());
        };
        let states: Vec<String> = topic
            .offered_to()
            .iter()
            .map(|s| format!("'{}'", s.code()))
            .collect();
        Ok(sqlx::query_as(&format!(
            "SELECT a.id AS applicant_id, a.reference, a.first_name, a.last_name, e.language,
                    e.state, e.received_at
             FROM enrolments e JOIN applicants a ON a.id = e.applicant_id
             WHERE e.state IN ({}) AND a.withdrawn_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM group_session_invitations i
                               WHERE i.session_id = $1 AND i.applicant_id = a.id AND i.status = 'invited')
             ORDER BY CASE WHEN e.language = $2 THEN 0 ELSE 1 END, e.received_at, a.id
             LIMIT $3",
            states.join(", ")
        ))
        .bind(session.id)
        .bind(&session.language)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?)
    }

    /// Invites one person, and tells them (with the calendar event).
    pub async fn invite_to_group_session(
        &self,
        id: GroupSessionId,
        applicant_id: ApplicantId,
        by: StaffId,
        now: i64,
        tell: SessionTeller<'_>,
    ) -> Result<(), GroupSessionError> {
        let mut tx = self.writer.begin().await?;
        let session = lock_session(&mut tx, id, now).await?;
        if session.cancelled_at.is_some() {
            return Err(GroupSessionError::Cancelled);
        }
        if session.starts_at <= now {
            return Err(GroupSessionError::Over);
        }
        let state = match current_state(&mut tx, applicant_id).await {
            Ok(s) => s,
            Err(StoreError::NotFound) => return Err(GroupSessionError::NotFound),
            Err(e) => return Err(e.into()),
        };
        if !may_be_invited(state) {
            return Err(GroupSessionError::NotInvitable(state));
        }
        let was = status_in(&mut tx, id, applicant_id).await?;
        if was == Some(Invitation::Invited) {
            return Err(GroupSessionError::AlreadyInvited);
        }
        if session.is_full() {
            return Err(GroupSessionError::Full);
        }
        if was.is_some() {
            sqlx::query(
                "UPDATE group_session_invitations SET status = 'invited', invited_at = $1,
                    invited_by = $2, answered_at = NULL, reminded = $3
                 WHERE session_id = $4 AND applicant_id = $5",
            )
        } else {
            sqlx::query(
                "INSERT INTO group_session_invitations (status, invited_at, invited_by, reminded, session_id, applicant_id)
                 VALUES ('invited', $1, $2, $3, $4, $5)",
            )
        }
        .bind(now)
        .bind(by)
        // Invited within a day of the start: the invitation is the reminder.
        .bind(i64::from(session.starts_at - now <= REMINDER_HOURS * 3600))
        .bind(id)
        .bind(applicant_id)
        .execute(&mut *tx)
        .await?;
        let session = session_in(&mut tx, id)
            .await?
            .ok_or(GroupSessionError::NotFound)?;
        tell_in(
            &mut tx,
            tell,
            applicant_id,
            &session,
            SessionNews::Invited,
            now,
        )
        .await?;
        commit_audited(
            tx,
            Some(by),
            "group_session_invited",
            applicant_id,
            &id.to_string(),
            now,
        )
        .await?;
        Ok(())
    }

    /// Ends an invitation: the person said they cannot come (`by` is `None`: their own status
    /// link), or the programme took them off. The seat is free again and the event leaves their
    /// calendar.
    pub async fn end_group_invitation(
        &self,
        id: GroupSessionId,
        applicant_id: ApplicantId,
        by: Option<StaffId>,
        now: i64,
        tell: SessionTeller<'_>,
    ) -> Result<(), GroupSessionError> {
        let mut tx = self.writer.begin().await?;
        let session = lock_session(&mut tx, id, now).await?;
        if status_in(&mut tx, id, applicant_id).await? != Some(Invitation::Invited) {
            return Err(GroupSessionError::NotInvited);
        }
        if session.ends_at <= now {
            return Err(GroupSessionError::Over);
        }
        let (status, news, action) = match by {
            None => (
                Invitation::Declined,
                SessionNews::Declined,
                "group_session_declined",
            ),
            Some(_) => (
                Invitation::Removed,
                SessionNews::Removed,
                "group_session_removed",
            ),
        };
        sqlx::query(
            "UPDATE group_session_invitations SET status = $1, answered_at = $2
             WHERE session_id = $3 AND applicant_id = $4",
        )
        .bind(status.code())
        .bind(now)
        .bind(id)
        .bind(applicant_id)
        .execute(&mut *tx)
        .await?;
        tell_in(&mut tx, tell, applicant_id, &session, news, now).await?;
        commit_audited(tx, by, action, applicant_id, &id.to_string(), now).await?;
        Ok(())
    }

    /// Cancels the session: everyone invited is told, and the event leaves their calendars.
    /// Returns how many were told.
    pub async fn cancel_group_session(
        &self,
        id: GroupSessionId,
        by: StaffId,
        now: i64,
        tell: SessionTeller<'_>,
    ) -> Result<usize, GroupSessionError> {
        let mut tx = self.writer.begin().await?;
        let session = lock_session(&mut tx, id, now).await?;
        if session.cancelled_at.is_some() {
            return Err(GroupSessionError::Cancelled);
        }
        if session.starts_at <= now {
            return Err(GroupSessionError::Over);
        }
        sqlx::query("UPDATE group_sessions SET cancelled_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let session = session_in(&mut tx, id)
            .await?
            .ok_or(GroupSessionError::NotFound)?;
        let invited: Vec<ApplicantId> = sqlx::query_scalar(
            "SELECT applicant_id FROM group_session_invitations
             WHERE session_id = $1 AND status = 'invited' ORDER BY applicant_id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        for who in &invited {
            tell_in(&mut tx, tell, *who, &session, SessionNews::Cancelled, now).await?;
        }
        commit_audited(
            tx,
            Some(by),
            "group_session_cancelled",
            None,
            &id.to_string(),
            now,
        )
        .await?;
        Ok(invited.len())
    }

    /// One tap of the register: present or absent, for someone invited.
    pub async fn mark_group_attendance(
        &self,
        id: GroupSessionId,
        applicant_id: ApplicantId,
        present: bool,
        by: StaffId,
        now: i64,
    ) -> Result<(), GroupSessionError> {
        let mut tx = self.writer.begin().await?;
        let session = session_in(&mut tx, id)
            .await?
            .ok_or(GroupSessionError::NotFound)?;
        if session.cancelled_at.is_some() {
            return Err(GroupSessionError::Cancelled);
        }
        if !register_open(session.starts_at, now) {
            return Err(GroupSessionError::TooEarly);
        }
        let marked = sqlx::query(
            "UPDATE group_session_invitations SET attendance = $1, marked_by = $2, marked_at = $3
             WHERE session_id = $4 AND applicant_id = $5 AND status = 'invited'",
        )
        .bind(if present { "present" } else { "absent" })
        .bind(by)
        .bind(now)
        .bind(id)
        .bind(applicant_id)
        .execute(&mut *tx)
        .await?;
        if marked.rows_affected() == 0 {
            return Err(GroupSessionError::NotInvited);
        }
        audit_in(
            &mut tx,
            Some(by),
            if present {
                "group_session_present"
            } else {
                "group_session_absent"
            },
            Some(applicant_id),
            &id.to_string(),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A person's sessions (every invitation, soonest first) with where they stand.
    pub async fn group_sessions_of(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Vec<(GroupSession, Invitation, Option<String>)>, StoreError> {
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT i.session_id, i.status, i.attendance FROM group_session_invitations i
             JOIN group_sessions g ON g.id = i.session_id
             WHERE i.applicant_id = $1 ORDER BY g.starts_at, g.id",
        )
        .bind(applicant_id)
        .fetch_all(&self.reader)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, status, attendance) in rows {
            let Some(session) = self.group_session(GroupSessionId::new(id)).await? else {
                continue;
            };
            let status = Invitation::from_code(&status).ok_or(StoreError::Corrupt(status))?;
            out.push((session, status, attendance));
        }
        Ok(out)
    }

    /// Claims the reminders now due (the day before) and queues their messages in the same
    /// transaction; with several server instances each goes out once.
    pub async fn send_group_reminders(
        &self,
        now: i64,
        tell: SessionTeller<'_>,
    ) -> Result<usize, StoreError> {
        let mut tx = self.writer.begin().await?;
        let claimed: Vec<(i64, ApplicantId)> = sqlx::query_as(
            "UPDATE group_session_invitations SET reminded = 1
             WHERE status = 'invited' AND reminded = 0
               AND session_id IN (SELECT id FROM group_sessions
                                  WHERE cancelled_at IS NULL AND starts_at > $1 AND starts_at <= $2)
             RETURNING session_id, applicant_id",
        )
        .bind(now)
        .bind(now + REMINDER_HOURS * 3600)
        .fetch_all(&mut *tx)
        .await?;
        for (id, who) in &claimed {
            let Some(session) = session_in(&mut tx, GroupSessionId::new(*id)).await? else {
                continue;
            };
            tell_in(&mut tx, tell, *who, &session, SessionNews::Reminder, now).await?;
        }
        tx.commit().await?;
        Ok(claimed.len())
    }
}
