//! The secretariat's queue at scale, through the real server.
//! `queuebench <base-url> <database-url> <applicants> <requests-per-filter>`: fills the (fresh)
//! database with generated applicants, signs a secretariat member in, then times `load_queue` for
//! each filter (p50/p95), and races concurrent bookings of one interview slot.
use anyhow::{Context, Result};
use app::domain::availability::{Mode, Slot};
use app::domain::deadline::ContactPolicy;
use app::domain::ids::{ApplicantId, StaffId};
use app::domain::staff::Role;
use app::storage::{BookingError, NewBooking, Store};
use chrono::{TimeZone, Utc};
use std::time::{Duration, Instant};

const NAMES: [&str; 12] = [
    "Rossi",
    "Bianchi",
    "Benali",
    "Diallo",
    "Popescu",
    "Ferri",
    "Russo",
    "El Amrani",
    "Conti",
    "Ricci",
    "Gallo",
    "Costa",
];
const COMUNI: [&str; 6] = ["037006", "037032", "037054", "037011", "037021", "037037"];
const LANGS: [&str; 4] = ["it", "ar", "fr", "en"];

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Inserts `n` applicants and their enrolments in batches; one in ten still awaits first contact,
/// received in the last 60 days; the others were received over two years and contacted.
async fn generate(url: &str, n: usize, staff_id: StaffId) -> Result<()> {
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await?;
    let now = Utc::now().timestamp();
    let policy = ContactPolicy::default();
    let batch = 1000;
    let mut i = 0;
    while i < n {
        let end = (i + batch).min(n);
        let mut tx = pool.begin().await?;
        let mut sql = String::from(
            "INSERT INTO applicants (reference, submission_key, first_name, last_name, birth_date, sex, gender, codice_fiscale,
             identity_key, mobile, language, comune_istat, answers, privacy_version, created_at, name_key) VALUES ",
        );
        let mut rows = Vec::new();
        for _ in i..end {
            let p = rows.len() * 8;
            rows.push(format!(
                "(${a}, ${a}, 'Anna', ${b}, '1990-01-01', 'F', 'woman', ${c}, ${d}, '+39333', ${e}, ${f}, '{{}}', 'bench', ${g}, ${h})",
                a = p + 1, b = p + 2, c = p + 3, d = p + 4, e = p + 5, f = p + 6, g = p + 7, h = p + 8
            ));
        }
        sql.push_str(&rows.join(", "));
        let mut q = sqlx::query(&sql);
        let mut received = Vec::new();
        for k in i..end {
            let waiting = k % 10 == 0;
            let r = if waiting {
                now - (k as i64 * 7919 % (60 * 86400))
            } else {
                now - 60 * 86400 - (k as i64 * 7919 % (700 * 86400))
            };
            received.push((r, waiting));
            let last = NAMES[k % NAMES.len()];
            q = q
                .bind(format!("BO-{:07}", k + 1))
                .bind(last)
                .bind(format!("BNCNNA90A41A{:04}", k % 10000) + &format!("{k}"))
                .bind(format!("id-{k}"))
                .bind(LANGS[k % LANGS.len()])
                .bind(COMUNI[k % COMUNI.len()])
                .bind(r)
                .bind(format!("{} anna", last.to_lowercase()));
        }
        q.execute(&mut *tx).await?;
        let first_id: i64 =
            sqlx::query_scalar::<_, i64>("SELECT MIN(id) FROM applicants WHERE reference = $1")
                .bind(format!("BO-{:07}", i + 1))
                .fetch_one(&mut *tx)
                .await?;
        let mut sql = String::from(
            "INSERT INTO enrolments (applicant_id, state, received_at, due_soon_at, contact_due, contact_limit, comune_istat,
             language, needs_flagged, assigned_to, contacted_at) VALUES ",
        );
        let mut rows = Vec::new();
        for (j, _) in received.iter().enumerate() {
            let p = j * 11;
            rows.push(format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                p + 1,
                p + 2,
                p + 3,
                p + 4,
                p + 5,
                p + 6,
                p + 7,
                p + 8,
                p + 9,
                p + 10,
                p + 11
            ));
        }
        sql.push_str(&rows.join(", "));
        let mut q = sqlx::query(&sql);
        for (j, (r, waiting)) in received.iter().enumerate() {
            let k = i + j;
            let d = policy.deadlines(Utc.timestamp_opt(*r, 0).unwrap());
            q = q
                .bind(first_id + j as i64)
                .bind(if *waiting { "received" } else { "contacted" })
                .bind(*r)
                .bind(d.due_soon.timestamp())
                .bind(d.due.timestamp())
                .bind(d.limit.timestamp())
                .bind(COMUNI[k % COMUNI.len()])
                .bind(LANGS[k % LANGS.len()])
                .bind(i64::from(k % 7 == 0))
                .bind(if k % 5 == 0 {
                    Some(staff_id.get())
                } else {
                    None
                })
                .bind(if *waiting {
                    None
                } else {
                    Some(*r + 86400 * (k as i64 % 30))
                });
        }
        q.execute(&mut *tx).await?;
        tx.commit().await?;
        i = end;
    }
    // Fresh statistics, as a database that has grown over time would have.
    sqlx::query("ANALYZE").execute(&pool).await?;
    pool.close().await;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(
        args.len() == 5,
        "usage: queuebench <base-url> <database-url> <applicants> <requests-per-filter>"
    );
    let (base, url) = (args[1].clone(), args[2].clone());
    let n: usize = args[3].parse().context("applicants")?;
    let per_filter: usize = args[4].parse().context("requests")?;

    let store = Store::connect(&url).await?;
    let staff_id = store
        .create_staff("bench@insieme.test", "Bench", &[Role::Secretariat], 0)
        .await?
        .context("the database must be fresh")?;
    let started = Instant::now();
    generate(&url, n, staff_id).await?;
    println!(
        "generated {n} applicants in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let token = "bench-session-token-0123456789abcdef";
    store
        .create_session(
            &app::web::tokens::hash(token),
            staff_id,
            true,
            "queuebench",
            Utc::now().timestamp(),
        )
        .await?;

    let client = reqwest::Client::new();
    let filters: &[(&str, &str)] = &[
        ("no filter", "params[page]=1"),
        ("band: breached", "params[band]=breached"),
        ("band: late", "params[band]=late"),
        ("band: due this week", "params[band]=due_this_week"),
        ("band: on track", "params[band]=on_track"),
        ("comune", "params[comune]=037032"),
        ("language", "params[language]=ar"),
        ("assigned to me", "params[assigned]=me"),
        ("nobody assigned", "params[assigned]=nobody"),
        ("support needs", "params[needs]=on"),
        ("page 40", "params[page]=40"),
    ];
    // A search is posted once and kept with the session; the queue is then asked with its handle.
    let mut searches = Vec::new();
    for (label, term) in [
        ("search: name", "popescu"),
        ("search: reference", "BO-0000011"),
    ] {
        let handle = search_handle(&base, token, term).await?;
        searches.push((label, format!("params[search]={handle}")));
    }
    let filters: Vec<(&str, &str)> = filters
        .iter()
        .copied()
        .chain(searches.iter().map(|(l, b)| (*l, b.as_str())))
        .collect();
    println!("load_queue through the server, {per_filter} requests per filter (ms):");
    for (label, body) in filters {
        let mut times = Vec::new();
        for _ in 0..per_filter {
            let t = Instant::now();
            let r = client
                .post(format!("{base}/api/load_queue"))
                .header("origin", &base)
                .header("accept", "application/json")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", format!("insieme_staff={token}"))
                .body(body.to_string())
                .send()
                .await?;
            anyhow::ensure!(r.status().is_success(), "{label}: {}", r.status());
            r.bytes().await?;
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "  {label:<20} p50 {:6.1}  p95 {:6.1}",
            percentile(&times, 0.5),
            percentile(&times, 0.95)
        );
    }

    // The band counts beside the list are kept and counted again in the background; counting them
    // is what a page waits for right after a change made through its own instance.
    let mut times = Vec::new();
    for _ in 0..per_filter.min(20) {
        let t = Instant::now();
        store.band_counts(Utc::now().timestamp()).await?;
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "  counting the bands again (after a change made here), p50 {:.1}  p95 {:.1}",
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );

    // Concurrent booking of one slot by 50 applicants awaiting contact.
    let pro = store
        .create_staff("pro@insieme.test", "Pro", &[Role::Professional], 0)
        .await?
        .context("fresh database")?;
    let waiting: Vec<i64> = sqlx::query_scalar::<_, i64>(
        "SELECT applicant_id FROM enrolments WHERE state = 'received' LIMIT 50",
    )
    .fetch_all(
        &sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await?,
    )
    .await?;
    let start = Utc::now() + chrono::Duration::days(3);
    let started = Instant::now();
    let tasks: Vec<_> = waiting
        .iter()
        .map(|&applicant_id| {
            let store = store.clone();
            tokio::spawn(async move {
                let t = Instant::now();
                let r = store
                    .book_interview(
                        &NewBooking {
                            applicant_id: ApplicantId::new(applicant_id),
                            professional_id: pro,
                            slot: Slot {
                                starts_at: start,
                                ends_at: start + chrono::Duration::minutes(45),
                                mode: Mode::Office,
                                place: "Bench".into(),
                            },
                            wants_earlier: false,
                            booked_by: None,
                            at: Utc::now().timestamp(),
                        },
                        Vec::new,
                    )
                    .await;
                (r, t.elapsed())
            })
        })
        .collect();
    let (mut booked, mut taken, mut other) = (0, 0, 0);
    let mut times = Vec::new();
    for t in tasks {
        let (r, d) = t.await?;
        times.push(d);
        match r {
            Ok(_) => booked += 1,
            Err(BookingError::Taken) => taken += 1,
            Err(_) => other += 1,
        }
    }
    times.sort();
    println!(
        "concurrent booking of one slot by {}: booked {booked}, refused as taken {taken}, other errors {other}; all answered in {:.1} ms (p95 {:.1} ms)",
        waiting.len(),
        started.elapsed().as_secs_f64() * 1000.0,
        percentile(&times, 0.95)
    );
    store.close().await;
    Ok(())
}

/// Posts a queue search as the page's form does and answers the handle the server keeps it under.
async fn search_handle(base: &str, token: &str, term: &str) -> anyhow::Result<String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let r = client
        .post(format!("{base}/api/search_queue"))
        .header("origin", base)
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("insieme_staff={token}"))
        .body(format!("q={term}"))
        .send()
        .await?;
    let location = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default();
    location
        .split("search=")
        .nth(1)
        .map(|h| h.split('&').next().unwrap_or_default().to_owned())
        .filter(|h| !h.is_empty())
        .ok_or_else(|| anyhow::anyhow!("no search handle in {location:?} ({})", r.status()))
}
