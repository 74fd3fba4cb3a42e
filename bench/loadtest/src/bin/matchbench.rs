//! Matching at scale, in process, through the same functions the server functions call.
//! `matchbench <database-url> <candidates> <positions> <rankings>`: fills the (fresh) database with
//! generated candidates (assessed, in a path) and open positions, then times ranking one position
//! against every candidate and one candidate against every position (p50/p95/max).
use anyhow::{Context, Result};
use app::company_board::{rank_candidates, rank_positions};
use app::domain::catalogue::{SECTORS, SKILLS};
use app::domain::ids::ApplicantId;
use app::domain::matching::{Candidate, Hours, Readiness};
use app::domain::questionnaire::SHIFTS;
use app::domain::territory::Territory;
use app::storage::Store;
use chrono::Utc;
use std::time::{Duration, Instant};

/// A cheap deterministic spread of numbers (no dependency on a random generator).
fn mix(k: u64) -> u64 {
    let mut x = k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 29)
}

fn bits(k: u64, width: usize, keep_one_in: u64) -> u32 {
    (0..width)
        .filter(|i| mix(k * 31 + *i as u64).is_multiple_of(keep_one_in))
        .fold(0, |m, i| m | (1 << i))
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn figures(label: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{label}: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} runs)",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 1.0),
        times.len()
    );
}

async fn generate(url: &str, comuni: &[String], candidates: usize, positions: usize) -> Result<()> {
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await?;
    let now = Utc::now().timestamp();
    sqlx::query("INSERT INTO staff (email, name, active, failed_logins, created_at) VALUES ('bench@x.it', 'Bench', 1, 0, $1)")
        .bind(now)
        .execute(&pool)
        .await?;
    let batch = 500;
    let mut i = 0;
    while i < candidates {
        let end = (i + batch).min(candidates);
        let mut tx = pool.begin().await?;
        let rows: Vec<String> = (i..end)
            .map(|k| format!("('BO-{k:07}', 'sub-{k}', 'Anna', 'Rossi', '1990-01-01', 'F', 'woman', 'id-{k}', '+39333', 'it', '{}', '{{}}', 'bench', {now}, 'rossi anna')", comuni[k % comuni.len()]))
            .collect();
        sqlx::query(&format!(
            "INSERT INTO applicants (reference, submission_key, first_name, last_name, birth_date, sex, gender,
             identity_key, mobile, language, comune_istat, answers, privacy_version, created_at, name_key) VALUES {}",
            rows.join(", ")
        ))
        .execute(&mut *tx)
        .await?;
        let first: i64 = sqlx::query_scalar("SELECT id FROM applicants WHERE reference = $1")
            .bind(format!("BO-{i:07}"))
            .fetch_one(&mut *tx)
            .await?;
        let rows: Vec<String> = (i..end)
            .map(|k| {
                let id = first + (k - i) as i64;
                let h = mix(k as u64);
                let c = Candidate {
                    applicant_id: ApplicantId::new(id),
                    comune: comuni[k % comuni.len()].clone(),
                    skills: bits(k as u64, SKILLS.len(), 4),
                    sectors: bits(k as u64 + 7, SECTORS.len(), 4),
                    experience: bits(k as u64 + 13, SECTORS.len(), 6),
                    max_km: 5 + (h % 56) as u32,
                    licence: !h.is_multiple_of(3),
                    vehicle: h.is_multiple_of(4),
                    italian: (h % 7) as u8,
                    hours: [Hours::FullTime, Hours::PartTime, Hours::Either][(h % 3) as usize],
                    shifts: bits(k as u64 + 3, SHIFTS.len(), 2),
                    readiness: if h.is_multiple_of(2) {
                        Readiness::InPath
                    } else {
                        Readiness::Assessed
                    },
                };
                format!(
                    "({id}, 1, '{}', {}, {}, {}, {}, {}, {}, {}, '{}', {}, '{}', {now}, 1)",
                    c.comune,
                    c.skills,
                    c.sectors,
                    c.experience,
                    c.max_km,
                    i64::from(c.licence),
                    i64::from(c.vehicle),
                    c.italian,
                    c.hours.code(),
                    c.shifts,
                    if c.readiness == Readiness::InPath {
                        "in_path"
                    } else {
                        "assessed"
                    }
                )
            })
            .collect();
        sqlx::query(&format!(
            "INSERT INTO match_profiles (applicant_id, active, comune_istat, skills, sectors, experience, max_km, licence,
             vehicle, italian, hours, shifts, readiness, updated_at, version) VALUES {}",
            rows.join(", ")
        ))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        i = end;
    }
    // Positions belong to 200 companies, one site each.
    let companies = 200.min(positions.max(1));
    let mut tx = pool.begin().await?;
    for c in 0..companies {
        sqlx::query("INSERT INTO companies (name, name_key, vat, ateco, size, created_at, updated_at) VALUES ($1, $1, $2, '52.10', 'small', $3, $3)")
            .bind(format!("azienda {c}"))
            .bind(format!("{c:011}"))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO company_sites (company_id, comune_istat, address) VALUES ((SELECT id FROM companies WHERE vat = $1), $2, 'Via Roma 1')")
            .bind(format!("{c:011}"))
            .bind(&comuni[c % comuni.len()])
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    let closes = (Utc::now().date_naive() + chrono::Duration::days(60)).to_string();
    let mut i = 0;
    while i < positions {
        let end = (i + batch).min(positions);
        let rows: Vec<String> = (i..end)
            .map(|k| {
                let h = mix(k as u64 + 1_000_003);
                let c = k % companies;
                format!(
                    "({cid}, {cid}, '{{}}', 'Posizione {k}', '{}', {}, {}, {}, '{}', {}, {}, {}, {}, 1, '{closes}', 'open', {now})",
                    comuni[c % comuni.len()],
                    bits(h, SKILLS.len(), 6) | 1,
                    bits(h + 1, SKILLS.len(), 7),
                    h % SECTORS.len() as u64,
                    if h.is_multiple_of(2) { "full_time" } else { "part_time" },
                    bits(h + 2, SHIFTS.len(), 3),
                    h % 4,
                    i64::from(h.is_multiple_of(5)),
                    i64::from(h.is_multiple_of(9)),
                    cid = c + 1
                )
            })
            .collect();
        sqlx::query(&format!(
            "INSERT INTO positions (company_id, site_id, details, title, comune_istat, required_skills, desired_skills, sector,
             hours, shifts, italian, licence, vehicle, openings, closes_on, state, created_at) VALUES {}",
            rows.join(", ")
        ))
        .execute(&pool)
        .await?;
        i = end;
    }
    sqlx::query("UPDATE match_generation SET generation = 1")
        .execute(&pool)
        .await?;
    sqlx::query("ANALYZE").execute(&pool).await?;
    pool.close().await;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, candidates, positions, runs] = args.as_slice() else {
        anyhow::bail!("usage: matchbench <database-url> <candidates> <positions> <rankings>");
    };
    let (candidates, positions, runs): (usize, usize, usize) =
        (candidates.parse()?, positions.parse()?, runs.parse()?);
    let territory = Territory::from_csv(
        &std::fs::read_to_string("data/bologna-comuni.csv")
            .context("run from the repository root")?,
    )?;
    let comuni: Vec<String> = territory
        .comuni
        .iter()
        .map(|c| c.istat_code.clone())
        .collect();
    let store = Store::connect(url).await?;
    let started = Instant::now();
    generate(url, &comuni, candidates, positions).await?;
    println!(
        "generated {candidates} candidates and {positions} positions in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let today = Utc::now().date_naive();
    let open = store.open_needs(today).await?;

    // The first ranking after a start reads every profile; later ones only what changed.
    let t = Instant::now();
    rank_candidates(&store, &territory, &open[0]).await?;
    println!(
        "first ranking after a start (all profiles read from the database): {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let mut times = Vec::new();
    let mut considered = 0;
    for r in 0..runs {
        let needs = &open[(mix(r as u64) as usize) % open.len()];
        let t = Instant::now();
        let ranking = rank_candidates(&store, &territory, needs).await?;
        times.push(t.elapsed());
        considered += ranking.considered;
    }
    figures(
        &format!(
            "one position against {candidates} candidates (on average {} meet its language/licence/vehicle needs)",
            considered / runs.max(1) as i64
        ),
        times,
    );

    // A profile written meanwhile (by this or another instance) is read before the next ranking.
    let (mut changed, _) = store
        .match_profile(ApplicantId::new(1))
        .await?
        .context("candidate 1")?;
    changed.skills |= 1;
    store
        .save_match_profile(&changed, true, Utc::now().timestamp())
        .await?;
    let t = Instant::now();
    rank_candidates(&store, &territory, &open[0]).await?;
    println!(
        "ranking right after one profile changed: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    let mut times = Vec::new();
    for r in 0..runs {
        let id = 1 + (mix(r as u64 + 99) as i64).rem_euclid(candidates as i64);
        let (c, _) = store
            .match_profile(ApplicantId::new(id))
            .await?
            .context("a generated candidate")?;
        let t = Instant::now();
        rank_positions(&store, &territory, &c, today).await?;
        times.push(t.elapsed());
    }
    figures(
        &format!("one candidate against {positions} positions"),
        times,
    );
    store.close().await;
    Ok(())
}
