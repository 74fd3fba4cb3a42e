//! Placements and the follow-ups planned after each hire.
use crate::audit::commit_audited;
use crate::sql::date_of;
use crate::sql::iso;
use crate::{Store, StoreError};
use chrono::NaiveDate;
use domain::board::Placement;
use domain::ids::StaffId;
use domain::ids::{ApplicantId, ProposalId};
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementRow {
    pub id: i64,
    pub proposal_id: ProposalId,
    pub position_title: String,
    pub company_name: String,
    pub placement: Placement,
    pub follow_ups: Vec<FollowUpRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    pub id: i64,
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub name: String,
    pub months: i64,
    pub due_on: NaiveDate,
    pub done: bool,
    pub note: String,
}

impl Store {
    pub async fn placements_of(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Vec<PlacementRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT pl.id, pl.proposal_id, p.title, c.name AS company_name, pl.contract, pl.start_on, pl.weekly_hours
             FROM placements pl JOIN proposals pr ON pr.id = pl.proposal_id JOIN positions p ON p.id = pr.position_id
             JOIN companies c ON c.id = p.company_id WHERE pl.applicant_id = $1 ORDER BY pl.created_at DESC",
        )
        .bind(applicant_id)
        .fetch_all(&self.reader)
        .await?;
        let follow_ups = self.follow_ups(Some(applicant_id), None, None).await?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                let contract: String = r.try_get("contract")?;
                Ok(PlacementRow {
                    id,
                    proposal_id: r.try_get("proposal_id")?,
                    position_title: r.try_get("title")?,
                    company_name: r.try_get("company_name")?,
                    placement: Placement {
                        contract: domain::board::Contract::from_code(&contract)
                            .ok_or(StoreError::Corrupt(contract))?,
                        start: date_of(r.try_get("start_on")?)
                            .ok_or(StoreError::Corrupt("start_on".into()))?,
                        weekly_hours: r.try_get::<i64, _>("weekly_hours")? as u8,
                    },
                    follow_ups: follow_ups
                        .iter()
                        .filter(|f| f.0 == id)
                        .map(|f| f.1.clone())
                        .collect(),
                })
            })
            .collect()
    }

    /// Follow-ups of one applicant, or those still to do of one professional due by `until`.
    pub async fn follow_ups(
        &self,
        applicant_id: Option<ApplicantId>,
        professional_id: Option<StaffId>,
        until: Option<NaiveDate>,
    ) -> Result<Vec<(i64, FollowUpRow)>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.id, f.placement_id, pl.applicant_id, a.reference, a.first_name, a.last_name, f.months, f.due_on, f.done_at, f.note
             FROM follow_ups f JOIN placements pl ON pl.id = f.placement_id JOIN applicants a ON a.id = pl.applicant_id
             WHERE ($1 = 0 OR pl.applicant_id = $2)
               AND ($3 = 0 OR (f.professional_id = $4 AND f.done_at IS NULL AND f.due_on <= $5))
             ORDER BY f.due_on, f.id",
        )
        .bind(i64::from(applicant_id.is_some()))
        .bind(applicant_id.map(ApplicantId::get).unwrap_or(0))
        .bind(i64::from(professional_id.is_some()))
        .bind(professional_id.map(StaffId::get).unwrap_or(0))
        .bind(until.map(iso).unwrap_or_default())
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("placement_id")?,
                    FollowUpRow {
                        id: r.try_get("id")?,
                        applicant_id: r.try_get("applicant_id")?,
                        reference: r.try_get("reference")?,
                        name: format!(
                            "{} {}",
                            r.try_get::<String, _>("last_name")?,
                            r.try_get::<String, _>("first_name")?
                        ),
                        months: r.try_get("months")?,
                        due_on: date_of(r.try_get("due_on")?)
                            .ok_or(StoreError::Corrupt("due_on".into()))?,
                        done: r.try_get::<Option<i64>, _>("done_at")?.is_some(),
                        note: r.try_get("note")?,
                    },
                ))
            })
            .collect()
    }

    pub async fn complete_follow_up(
        &self,
        id: i64,
        note: &str,
        by: StaffId,
        now: i64,
    ) -> Result<ApplicantId, StoreError> {
        let mut tx = self.writer.begin().await?;
        let placement_id: i64 = sqlx::query_scalar(
            "UPDATE follow_ups SET done_at = $1, note = $2 WHERE id = $3 AND done_at IS NULL RETURNING placement_id",
        )
        .bind(now)
        .bind(note)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let applicant_id: ApplicantId =
            sqlx::query_scalar("SELECT applicant_id FROM placements WHERE id = $1")
                .bind(placement_id)
                .fetch_one(&mut *tx)
                .await?;
        commit_audited(
            tx,
            Some(by),
            "follow_up_done",
            applicant_id,
            &format!("follow_up:{id}"),
            now,
        )
        .await?;
        Ok(applicant_id)
    }
}
