//! The tutor's "today" page at scale, through the real server, and the offline queue's sync.
//! `tutorbench <base-url> <database-url> <traineeships> <requests>`: fills the (fresh) database
//! with generated traineeships spread over 2 000 tutors, signs the first tutor in (session token
//! `bench-tutor-session-token-0123456789abcdef`, left in place for the script's byte count), times
//! the page and its server function (p50/p95), then sends 500 queued notes at once, twice, as a
//! phone whose network dropped before the answers came back, and counts what was stored.
use anyhow::{Context, Result};
use app::domain::company::{CompanyDetails, ContactPerson, Site, Size};
use app::domain::ids::{PositionId, StaffId};
use app::domain::position::PositionDetails;
use app::domain::staff::Role;
use app::domain::vat::{complete, PartitaIva};
use app::storage::Store;
use chrono::{Duration as Days, Utc};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub const TOKEN: &str = "bench-tutor-session-token-0123456789abcdef";
const TUTORS: usize = 2_000;
const APPLICANTS: usize = 1_000;
const NOTES: usize = 500;
const BATCH: usize = 1_000;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn pool(url: &str) -> Result<sqlx::AnyPool> {
    Ok(sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await?)
}

/// One company with a site and `positions` positions (copies of one), and its contact person.
async fn company(
    store: &Store,
    url: &str,
    sec: StaffId,
    positions: usize,
) -> Result<(Vec<PositionId>, StaffId)> {
    let details = CompanyDetails {
        name: "Magazzini Bench".into(),
        vat: PartitaIva::parse(&complete("0000009037").context("vat")?)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?,
        ateco: "52.10".into(),
        size: Size::Medium,
    };
    let site = Site {
        comune: "037006".into(),
        address: "Via Bench 1".into(),
    };
    let now = Utc::now().timestamp();
    let company = store.create_company(&details, &site, sec, now).await?;
    let site = store.sites_of(company).await?[0].id;
    let today = Utc::now().date_naive();
    let form: BTreeMap<String, String> = [
        ("title", "Magazziniere"),
        ("sector", "logistics"),
        ("required__warehouse", "on"),
        ("weekly_hours", "20"),
        ("contract", "fixed_term"),
        ("openings", "1"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .chain([
        ("site".to_owned(), site.to_string()),
        (
            "closes_on".to_owned(),
            (today + Days::days(300)).to_string(),
        ),
    ])
    .collect();
    let p =
        PositionDetails::from_form(&form, &[site], today).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let first = store
        .create_position(company, &p, "037006", sec, now)
        .await?;
    let db = pool(url).await?;
    for _ in 1..positions {
        sqlx::query(
            "INSERT INTO positions (company_id, site_id, details, title, comune_istat, required_skills, desired_skills, sector,
                hours, shifts, italian, licence, vehicle, openings, closes_on, state, created_by, created_at)
             SELECT company_id, site_id, details, title, comune_istat, required_skills, desired_skills, sector,
                hours, shifts, italian, licence, vehicle, openings, closes_on, state, created_by, created_at
             FROM positions WHERE id = $1",
        )
        .bind(first)
        .execute(&db)
        .await?;
    }
    let ids: Vec<PositionId> = sqlx::query_scalar("SELECT id FROM positions ORDER BY id")
        .fetch_all(&db)
        .await?;
    let contact = store
        .add_company_contact(
            company,
            &ContactPerson {
                name: "Carla Bench".into(),
                email: "carla@bench.test".into(),
                phone: String::new(),
                job_title: String::new(),
            },
            sec,
            now,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((ids, contact))
}

/// Applicants (few: each is proposed for many positions), then one proposal at the traineeship
/// stage and one traineeship per (position, applicant) pair, in batches.
async fn generate(
    url: &str,
    n: usize,
    positions: &[PositionId],
    contact: StaffId,
    tutors: &[StaffId],
    sec: StaffId,
) -> Result<()> {
    let db = pool(url).await?;
    let now = Utc::now().timestamp();
    for k in 0..APPLICANTS {
        sqlx::query(
            "INSERT INTO applicants (reference, submission_key, first_name, last_name, birth_date, sex, gender, codice_fiscale,
             identity_key, mobile, language, comune_istat, answers, privacy_version, created_at, name_key)
             VALUES ($1, $1, 'Anna', $2, '1990-01-01', 'F', 'woman', $3, $4, '+39333', 'it', '037006', '{}', 'bench', $5, $6)",
        )
        .bind(format!("BO-{:07}", k + 1))
        .bind(format!("Tirocinante{k}"))
        .bind(format!("BNCNNA90A41A{k:04}"))
        .bind(format!("id-{k}"))
        .bind(now)
        .bind(format!("tirocinante{k} anna"))
        .execute(&db)
        .await?;
    }
    let applicants: Vec<i64> = sqlx::query_scalar("SELECT id FROM applicants ORDER BY id")
        .fetch_all(&db)
        .await?;
    let today = Utc::now().date_naive();
    let mut i = 0;
    while i < n {
        let end = (i + BATCH).min(n);
        let mut tx = db.begin().await?;
        let mut sql = String::from(
            "INSERT INTO proposals (position_id, applicant_id, stage, score, stage_at, proposed_by, proposed_at) VALUES ",
        );
        let rows: Vec<String> = (0..end - i)
            .map(|j| {
                format!(
                    "(${}, ${}, 'traineeship', 50, ${}, ${}, ${})",
                    j * 5 + 1,
                    j * 5 + 2,
                    j * 5 + 3,
                    j * 5 + 4,
                    j * 5 + 5
                )
            })
            .collect();
        sql.push_str(&rows.join(", "));
        let mut q = sqlx::query(&sql);
        for k in i..end {
            q = q
                .bind(positions[k / applicants.len() % positions.len()])
                .bind(applicants[k % applicants.len()])
                .bind(now)
                .bind(sec)
                .bind(now);
        }
        q.execute(&mut *tx).await?;
        let first: i64 = sqlx::query_scalar("SELECT MAX(id) FROM proposals")
            .fetch_one(&mut *tx)
            .await?;
        let first = first - (end - i) as i64 + 1;
        let mut sql = String::from(
            "INSERT INTO traineeships (proposal_id, applicant_id, position_id, company_tutor_id, tutor_id, weekly_hours,
                weekdays, day_starts, day_ends, start_on, end_on, allowance_cents, state, created_by, created_at) VALUES ",
        );
        let rows: Vec<String> = (0..end - i)
            .map(|j| {
                let p = j * 9;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, 20, 31, ${}, '13:00', ${}, ${}, 45000, ${}, NULL, 0)",
                    p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7, p + 8, p + 9
                )
            })
            .collect();
        sql.push_str(&rows.join(", "));
        let mut q = sqlx::query(&sql);
        for (j, k) in (i..end).enumerate() {
            // Started up to 200 days ago for six months: about nine in ten run today; one in
            // twenty has ended.
            let start = today - Days::days((k % 200) as i64);
            let state = if k % 20 == 0 { "ended" } else { "active" };
            q = q
                .bind(first + j as i64)
                .bind(applicants[k % applicants.len()])
                .bind(positions[k / applicants.len() % positions.len()])
                .bind(contact)
                // Fifty in a row per tutor: each follows a realistic handful at once.
                .bind(tutors[(k / 50) % tutors.len()])
                .bind(if k % 3 == 0 { "14:00" } else { "09:00" })
                .bind(start.to_string())
                .bind((start + Days::days(180)).to_string())
                .bind(state);
        }
        q.execute(&mut *tx).await?;
        tx.commit().await?;
        i = end;
    }
    Ok(())
}

async fn time(
    client: &reqwest::Client,
    base: &str,
    requests: usize,
    post: bool,
    path: &str,
) -> Result<Vec<Duration>> {
    let mut times = Vec::new();
    for _ in 0..requests {
        let t = Instant::now();
        let r = if post {
            client
                .post(format!("{base}{path}"))
                .header("origin", base)
                .header("accept", "application/json")
                .header("content-type", "application/x-www-form-urlencoded")
        } else {
            client.get(format!("{base}{path}"))
        }
        .header("cookie", format!("insieme_staff={TOKEN}"))
        .send()
        .await?;
        anyhow::ensure!(r.status().is_success(), "{path}: {}", r.status());
        r.bytes().await?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok(times)
}

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(
        args.len() == 5,
        "usage: tutorbench <base-url> <database-url> <traineeships> <requests>"
    );
    let (base, url) = (args[1].clone(), args[2].clone());
    let n: usize = args[3].parse().context("traineeships")?;
    let requests: usize = args[4].parse().context("requests")?;
    let store = Store::connect(&url).await?;
    let sec = store
        .create_staff("sec@bench.test", "Segreteria", &[Role::Secretariat], 0)
        .await?
        .context("the database must be fresh")?;
    let started = Instant::now();
    let mut tutors = Vec::new();
    for t in 0..TUTORS {
        tutors.push(
            store
                .create_staff(
                    &format!("tutor{t}@bench.test"),
                    &format!("Tutor {t}"),
                    &[Role::Tutor],
                    0,
                )
                .await?
                .context("fresh database")?,
        );
    }
    let positions = n.div_ceil(APPLICANTS);
    let (positions, contact) = company(&store, &url, sec, positions).await?;
    generate(&url, n, &positions, contact, &tutors, sec).await?;
    println!(
        "generated {n} traineeships for {TUTORS} tutors in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let me = tutors[0];
    let today = store
        .tutor_today(me, false, Utc::now().date_naive())
        .await?;
    println!(
        "the measured tutor has {} traineeships running today",
        today.len()
    );
    store
        .create_session(
            &app::web::tokens::hash(TOKEN),
            me,
            true,
            "tutorbench",
            Utc::now().timestamp(),
        )
        .await?;

    let client = reqwest::Client::new();
    println!("through the server, {requests} requests each (ms):");
    for (label, post, path) in [
        ("GET /staff/tutor (the page)", false, "/staff/tutor"),
        ("load_tutor_today", true, "/api/load_tutor_today"),
    ] {
        let times = time(&client, &base, requests, post, path).await?;
        println!(
            "  {label:<30} p50 {:6.1}  p95 {:6.1}  max {:6.1}",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 1.0)
        );
    }

    // A phone's queue of 500 notes, sent at once; then all of it again (the answers were lost).
    let target = today.first().context("a traineeship today")?.id;
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM traineeship_notes")
        .fetch_one(&pool(&url).await?)
        .await?;
    let t = Instant::now();
    for round in 0..2 {
        let sends: Vec<_> = (0..NOTES)
            .map(|k| {
                let client = client.clone();
                let base = base.clone();
                tokio::spawn(async move {
                    let body = format!(
                        "traineeship_id={target}&kind=note&key=bench-offline-note-{k:08}&queued=true&written_at={}&f%5Btext%5D=nota+{k}",
                        Utc::now().timestamp() - 600
                    );
                    client
                        .post(format!("{base}/api/tutor_submit"))
                        .header("origin", &base)
                        .header("accept", "application/json")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .header("cookie", format!("insieme_staff={TOKEN}"))
                        .body(body)
                        .send()
                        .await
                        .map(|r| r.status().is_success())
                })
            })
            .collect();
        let mut ok = 0;
        for s in sends {
            if matches!(s.await, Ok(Ok(true))) {
                ok += 1;
            }
        }
        println!(
            "  sync round {}: {ok} of {NOTES} answered, {:.0} ms since the first round began",
            round + 1,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    let db = pool(&url).await?;
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM traineeship_notes")
        .fetch_one(&db)
        .await?;
    let distinct: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT text) FROM traineeship_notes WHERE text LIKE 'nota %'",
    )
    .fetch_one(&db)
    .await?;
    let stored = after - before;
    println!(
        "  {NOTES} queued notes sent twice: {stored} stored, {} duplicates, {} lost",
        (stored - distinct).max(0),
        (NOTES as i64 - distinct).max(0)
    );
    Ok(())
}
