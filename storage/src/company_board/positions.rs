//! Positions companies offer, and the needs matching ranks candidates against.
use crate::audit::audit_in;
use crate::company_board::proposals::stage_of;
use crate::sql::iso;
use crate::{Store, StoreError};
use chrono::NaiveDate;
use domain::board::Stage;
use domain::ids::StaffId;
use domain::ids::{CompanyId, PositionId};
use domain::matching::Hours;
use domain::matching::Needs;
use domain::position::PositionDetails;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionRecord {
    pub id: PositionId,
    pub company_id: CompanyId,
    pub company_name: String,
    pub site_id: i64,
    pub comune: String,
    pub address: String,
    pub details: PositionDetails,
    pub open: bool,
    pub created_at: i64,
}

impl PositionRecord {
    pub fn needs(&self) -> Needs {
        self.details.needs(self.id, &self.comune)
    }

    /// Open and not past its closing date.
    pub fn accepts_candidates(&self, today: NaiveDate) -> bool {
        self.open && self.details.closes_on >= today
    }
}

/// A position in a list, with its candidates counted by stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionRow {
    pub position: PositionRecord,
    pub by_stage: Vec<(Stage, i64)>,
}

const POSITION_SELECT: &str = "SELECT p.id, p.company_id, c.name AS company_name, p.site_id, s.comune_istat, s.address,
    p.details, p.state, p.created_at
    FROM positions p JOIN companies c ON c.id = p.company_id JOIN company_sites s ON s.id = p.site_id";

fn position_from(r: &sqlx::any::AnyRow) -> Result<PositionRecord, StoreError> {
    let json: String = r.try_get("details")?;
    Ok(PositionRecord {
        id: r.try_get("id")?,
        company_id: r.try_get("company_id")?,
        company_name: r.try_get("company_name")?,
        site_id: r.try_get("site_id")?,
        comune: r.try_get("comune_istat")?,
        address: r.try_get("address")?,
        details: crate::read_stored("position", &json)?,
        open: r.try_get::<String, _>("state")? == "open",
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    pub async fn create_position(
        &self,
        company_id: CompanyId,
        details: &PositionDetails,
        comune: &str,
        by: StaffId,
        now: i64,
    ) -> Result<PositionId, StoreError> {
        let needs = details.needs(PositionId::new(0), comune);
        let json =
            serde_json::to_string(details).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.writer.begin().await?;
        let id: PositionId = sqlx::query_scalar(
            "INSERT INTO positions (company_id, site_id, details, title, comune_istat, required_skills, desired_skills,
                sector, hours, shifts, italian, licence, vehicle, openings, closes_on, state, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'open', $16, $17) RETURNING id",
        )
        .bind(company_id)
        .bind(details.site_id)
        .bind(json)
        .bind(&details.title)
        .bind(comune)
        .bind(i64::from(needs.required_skills))
        .bind(i64::from(needs.desired_skills))
        .bind(i64::from(needs.sector))
        .bind(needs.hours.code())
        .bind(i64::from(needs.shifts))
        .bind(i64::from(needs.italian))
        .bind(i64::from(needs.licence))
        .bind(i64::from(needs.vehicle))
        .bind(i64::from(details.openings))
        .bind(iso(details.closes_on))
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        audit_in(
            &mut tx,
            Some(by),
            "position_created",
            None,
            &format!("company:{company_id} position:{id}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Closes a position (it stays with its candidates; no new ones can be sent).
    pub async fn close_position(
        &self,
        id: PositionId,
        by: StaffId,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("UPDATE positions SET state = 'closed', closed_at = $1 WHERE id = $2 AND state = 'open'")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 1 {
            audit_in(
                &mut tx,
                Some(by),
                "position_closed",
                None,
                &format!("position:{id}"),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn position(&self, id: PositionId) -> Result<PositionRecord, StoreError> {
        let row = sqlx::query(&format!("{POSITION_SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        position_from(&row)
    }

    /// Positions with their candidates counted by stage: one company's, or every open one.
    pub async fn positions(
        &self,
        company_id: Option<CompanyId>,
    ) -> Result<Vec<PositionRow>, StoreError> {
        let (which, order) = match company_id {
            Some(_) => (
                "p.company_id = $1",
                "p.state DESC, p.created_at DESC, p.id DESC",
            ),
            None => ("p.state = 'open'", "p.closes_on, p.id"),
        };
        let sql = format!("{POSITION_SELECT} WHERE {which} ORDER BY {order}");
        let mut rows = sqlx::query(&sql);
        if let Some(c) = company_id {
            rows = rows.bind(c);
        }
        let rows = rows.fetch_all(&self.reader).await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(PositionRow {
                    position: position_from(r)?,
                    by_stage: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let sql = format!(
            "SELECT pr.position_id, pr.stage, COUNT(*) AS n FROM proposals pr JOIN positions p ON p.id = pr.position_id
             WHERE {which} GROUP BY pr.position_id, pr.stage"
        );
        let mut counts = sqlx::query_as::<_, (PositionId, String, i64)>(&sql);
        if let Some(c) = company_id {
            counts = counts.bind(c);
        }
        for (pid, stage, n) in counts.fetch_all(&self.reader).await? {
            let stage = stage_of(stage)?;
            if let Some(p) = out.iter_mut().find(|p| p.position.id == pid) {
                p.by_stage.push((stage, n));
            }
        }
        Ok(out)
    }

    /// What matching reads of every position open on `today`.
    pub async fn open_needs(&self, today: NaiveDate) -> Result<Vec<Needs>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, comune_istat, required_skills, desired_skills, sector, hours, shifts, italian, licence, vehicle
             FROM positions WHERE state = 'open' AND closes_on >= $1",
        )
        .bind(iso(today))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Needs {
                    position_id: r.try_get("id")?,
                    comune: r.try_get("comune_istat")?,
                    required_skills: r.try_get::<i64, _>("required_skills")? as u32,
                    desired_skills: r.try_get::<i64, _>("desired_skills")? as u32,
                    sector: r.try_get::<i64, _>("sector")? as u32,
                    hours: Hours::from_code(&r.try_get::<String, _>("hours")?),
                    shifts: r.try_get::<i64, _>("shifts")? as u32,
                    italian: r.try_get::<i64, _>("italian")? as u8,
                    licence: r.try_get::<i64, _>("licence")? != 0,
                    vehicle: r.try_get::<i64, _>("vehicle")? != 0,
                })
            })
            .collect()
    }
}
