//! The profiles matching reads: written with the assessment, switched on and off with the case's
//! state, and kept in memory per instance (brought up to date by generation).
use crate::{Store, StoreError};
use domain::case::CaseState;
use domain::ids::ApplicantId;
use domain::matching::{unmet_requirements, Candidate, Hours, Needs, Readiness};
use sqlx::Row;

fn readiness_code(r: Readiness) -> &'static str {
    match r {
        Readiness::Assessed => "assessed",
        Readiness::InPath => "in_path",
    }
}

/// Active profiles by applicant, as of `generation`.
#[derive(Default)]
pub struct MatchCache {
    generation: i64,
    active: std::collections::HashMap<ApplicantId, Candidate>,
}

/// The next generation of match profiles, for the rows this transaction writes.
async fn next_generation(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "UPDATE match_generation SET generation = generation + 1 WHERE id = 1 RETURNING generation",
    )
    .fetch_one(&mut **tx)
    .await?)
}

const PROFILE_COLUMNS: &str = "applicant_id, comune_istat, skills, sectors, experience, max_km, licence, vehicle, italian, hours, shifts, readiness";

/// Keeps the profile matching reads in step with the case: only assessed people and people in a
/// path are matched. Called with every change of state.
pub(crate) async fn follow_case(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    applicant_id: ApplicantId,
    to: CaseState,
) -> Result<(), StoreError> {
    let active = matches!(to, CaseState::Assessed | CaseState::InPath);
    let readiness = if to == CaseState::InPath {
        Readiness::InPath
    } else {
        Readiness::Assessed
    };
    let has_profile = sqlx::query("SELECT 1 AS one FROM match_profiles WHERE applicant_id = $1")
        .bind(applicant_id)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if has_profile {
        let generation = next_generation(tx).await?;
        sqlx::query(
            "UPDATE match_profiles SET active = $1, readiness = $2, version = $3 WHERE applicant_id = $4",
        )
        .bind(i64::from(active))
        .bind(readiness_code(readiness))
        .bind(generation)
        .bind(applicant_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Writes (or rewrites) a person's profile for matching.
    pub async fn save_match_profile(
        &self,
        c: &Candidate,
        active: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let generation = next_generation(&mut tx).await?;
        sqlx::query(
            "INSERT INTO match_profiles (applicant_id, active, comune_istat, skills, sectors, experience, max_km, licence,
                vehicle, italian, hours, shifts, readiness, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             ON CONFLICT (applicant_id) DO UPDATE SET active = excluded.active, comune_istat = excluded.comune_istat,
                skills = excluded.skills, sectors = excluded.sectors, experience = excluded.experience,
                max_km = excluded.max_km, licence = excluded.licence, vehicle = excluded.vehicle,
                italian = excluded.italian, hours = excluded.hours, shifts = excluded.shifts,
                readiness = excluded.readiness, updated_at = excluded.updated_at, version = excluded.version",
        )
        .bind(c.applicant_id)
        .bind(i64::from(active))
        .bind(&c.comune)
        .bind(i64::from(c.skills))
        .bind(i64::from(c.sectors))
        .bind(i64::from(c.experience))
        .bind(i64::from(c.max_km))
        .bind(i64::from(c.licence))
        .bind(i64::from(c.vehicle))
        .bind(i64::from(c.italian))
        .bind(c.hours.code())
        .bind(i64::from(c.shifts))
        .bind(readiness_code(c.readiness))
        .bind(now)
        .bind(generation)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Candidates available for matching who meet the position's requirements that do not depend
    /// on places ([`domain::matching::unmet_requirements`]; distance is scored by the caller). Read
    /// from memory, after fetching only the profiles written since the last call.
    pub async fn candidates_for(&self, needs: &Needs) -> Result<Vec<Candidate>, StoreError> {
        self.refresh_matching().await?;
        let cache = self.match_cache.lock().await;
        Ok(cache
            .active
            .values()
            .filter(|c| unmet_requirements(c, needs).is_empty())
            .cloned()
            .collect())
    }

    /// Reads every profile once at start, so that the first ranking does not wait for it.
    pub async fn warm_matching(&self) -> Result<(), StoreError> {
        self.refresh_matching().await
    }

    /// Brings the cache up to date. The lock is taken only to read and to apply, never across a
    /// database read, so that rankings are not queued behind one slow query.
    async fn refresh_matching(&self) -> Result<(), StoreError> {
        // The generation first, then the rows: rows newer than it are fetched again next time.
        let generation: i64 =
            sqlx::query_scalar("SELECT generation FROM match_generation WHERE id = 1")
                .fetch_one(&self.reader)
                .await?;
        let known = self.match_cache.lock().await.generation;
        if generation == known {
            return Ok(());
        }
        // The database went back (restored from a backup): read everything again.
        let restored = generation < known;
        let rows = sqlx::query(&format!(
            "SELECT {PROFILE_COLUMNS}, active FROM match_profiles WHERE version > $1"
        ))
        .bind(if restored { -1 } else { known })
        .fetch_all(&self.reader)
        .await?;
        let mut read = Vec::with_capacity(rows.len());
        for r in &rows {
            read.push((candidate_from(r)?, r.try_get::<i64, _>("active")? != 0));
        }
        let mut cache = self.match_cache.lock().await;
        if restored {
            cache.active.clear();
        } else if cache.generation >= generation {
            // Another refresh got as far meanwhile.
            return Ok(());
        }
        for (c, active) in read {
            if active {
                cache.active.insert(c.applicant_id, c);
            } else {
                cache.active.remove(&c.applicant_id);
            }
        }
        cache.generation = generation;
        Ok(())
    }

    pub async fn match_profile(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Option<(Candidate, bool)>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PROFILE_COLUMNS}, active FROM match_profiles WHERE applicant_id = $1"
        ))
        .bind(applicant_id)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| Ok((candidate_from(&r)?, r.try_get::<i64, _>("active")? != 0)))
            .transpose()
    }
}

fn candidate_from(r: &sqlx::any::AnyRow) -> Result<Candidate, StoreError> {
    Ok(Candidate {
        applicant_id: r.try_get("applicant_id")?,
        comune: r.try_get("comune_istat")?,
        skills: r.try_get::<i64, _>("skills")? as u32,
        sectors: r.try_get::<i64, _>("sectors")? as u32,
        experience: r.try_get::<i64, _>("experience")? as u32,
        max_km: r.try_get::<i64, _>("max_km")? as u32,
        licence: r.try_get::<i64, _>("licence")? != 0,
        vehicle: r.try_get::<i64, _>("vehicle")? != 0,
        italian: r.try_get::<i64, _>("italian")? as u8,
        hours: Hours::from_code(&r.try_get::<String, _>("hours")?),
        shifts: r.try_get::<i64, _>("shifts")? as u32,
        readiness: if r.try_get::<String, _>("readiness")? == "in_path" {
            Readiness::InPath
        } else {
            Readiness::Assessed
        },
    })
}
