//! Submissions through the real server against raw sqlx inserts of the same rows.
//! `loadtest <base-url> <database-url> <submitters> <rounds>`: each round, every submitter fills a
//! questionnaire up to its last step (not timed); then, round after round, all the round's
//! submitters send it at the same moment (timed).
use anyhow::{bail, Context, Result};
use std::time::{Duration, Instant};

fn letters(mut n: usize) -> String {
    let mut s = String::new();
    for _ in 0..6 {
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    s
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

struct Submitter {
    client: reqwest::Client,
    base: String,
    cookie: String,
    /// Each submitter is a phone of its own behind the proxy (the server trusts 127.0.0.1), so
    /// that the per-client limits on new questionnaires count each once.
    address: String,
}

impl Submitter {
    async fn post(&mut self, path: &str, form: &[(String, String)]) -> Result<reqwest::StatusCode> {
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .header("accept", "text/html")
            .header("cookie", &self.cookie)
            .header("x-forwarded-for", &self.address)
            .form(form)
            .send()
            .await?;
        for c in r.headers().get_all("set-cookie") {
            if let Some(v) = c.to_str().ok().and_then(|c| c.split(';').next()) {
                if v.starts_with("insieme_draft=") && !v.ends_with('=') {
                    self.cookie = v.to_owned();
                }
            }
        }
        Ok(r.status())
    }
}

fn pairs(items: &[(&str, String)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

async fn fill(s: &mut Submitter, n: usize) -> Result<()> {
    s.post(
        "/api/choose_domicile",
        &pairs(&[("comune", "037006".into())]),
    )
    .await?;
    s.post("/api/answer_measure", &pairs(&[("answer", "no".into())]))
        .await?;
    let steps: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "identity",
            vec![
                ("first_name", letters(n)),
                ("last_name", "Bench".into()),
                ("birth_date", "1990-05-05".into()),
                ("sex", "F".into()),
                ("has_cf", "no".into()),
                ("birth_country", "Italia".into()),
                ("citizenship", "eu".into()),
                ("gender", "woman".into()),
            ],
        ),
        (
            "contacts",
            vec![
                ("mobile", format!("333{n:07}")),
                ("language", "it".into()),
                ("call_times__morning", "on".into()),
            ],
        ),
        (
            "address",
            vec![
                ("street", "Via Roma 1".into()),
                ("postal_code", "40121".into()),
            ],
        ),
        (
            "situation",
            vec![
                ("employment", "lost_job".into()),
                ("months_without_work", "3".into()),
                ("education", "isced3".into()),
                ("italian", "B2".into()),
            ],
        ),
        ("experience", vec![("sectors__retail", "on".into())]),
        (
            "availability",
            vec![
                ("hours", "either".into()),
                ("shifts__morning", "on".into()),
                ("travel_km", "10".into()),
                ("travel__public", "on".into()),
                ("licence", "none".into()),
                ("vehicle", "no".into()),
            ],
        ),
        ("plans", vec![("self_employment", "no".into())]),
    ];
    for (slug, fields) in steps {
        let mut form = vec![
            ("slug".to_owned(), slug.to_owned()),
            ("nav".to_owned(), "next".to_owned()),
        ];
        form.extend(fields.into_iter().map(|(k, v)| (format!("a[{k}]"), v)));
        s.post("/api/save_step", &form).await?;
    }
    Ok(())
}

async fn submit(s: &mut Submitter) -> Result<Duration> {
    let form = pairs(&[
        ("slug", "review".into()),
        ("nav", "next".into()),
        ("a[privacy_consent]", "yes".into()),
    ]);
    let started = Instant::now();
    let status = s.post("/api/save_step", &form).await?;
    let took = started.elapsed();
    if !status.is_redirection() {
        bail!("submission answered {status}");
    }
    Ok(took)
}

async fn raw_inserts(database_url: &str, rows: usize, concurrency: usize) -> Result<f64> {
    // The schema comes from the application's own migrations.
    app::storage::Store::connect(database_url)
        .await?
        .close()
        .await;
    let is_sqlite = database_url.starts_with("sqlite");
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(if is_sqlite { 1 } else { 20 })
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if is_sqlite {
                    sqlx::Executor::execute(
                        &mut *conn,
                        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .connect(database_url)
        .await?;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut i = worker;
            while i < rows {
                let mut tx = pool.begin().await?;
                let row: (i64,) = sqlx::query_as(
                    "INSERT INTO applicants (reference, submission_key, first_name, last_name, birth_date, sex, gender, identity_key, mobile, language, comune_istat, answers, privacy_version, created_at)
                     VALUES ($1, $1, 'Raw', 'Bench', '1990-05-05', 'F', 'woman', $1, '+39333', 'it', '037006', '{}', 'bench', 0) RETURNING id",
                )
                .bind(format!("raw-{i}"))
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO enrolments (applicant_id, state, received_at, contact_due, contact_limit) VALUES ($1, 'received', 0, 1, 2)")
                    .bind(row.0)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                i += concurrency;
            }
            Ok::<_, sqlx::Error>(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok(rows as f64 / started.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        bail!("usage: loadtest <base-url> <database-url> <submitters> <rounds>");
    }
    let (base, database_url) = (args[1].clone(), args[2].clone());
    let submitters: usize = args[3].parse().context("submitters")?;
    let rounds: usize = args[4].parse().context("rounds")?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(submitters)
        .build()?;
    let mut latencies = Vec::new();
    let mut errors = 0usize;
    // Everyone fills in the questionnaire first (not timed), so that the bursts measure
    // submissions only, not the tail of the filling's writes.
    let mut ready = Vec::new();
    for round in 0..rounds {
        let mut people = Vec::new();
        for i in 0..submitters {
            let mut s = Submitter {
                client: client.clone(),
                base: base.clone(),
                cookie: String::new(),
                address: String::new(),
            };
            let n = round * submitters + i;
            s.address = format!("10.{}.{}.{}", n >> 16 & 255, n >> 8 & 255, n & 255);
            people.push(tokio::spawn(
                async move { fill(&mut s, n).await.map(|_| s) },
            ));
        }
        let mut filled = Vec::new();
        for p in people {
            match p.await? {
                Ok(s) => filled.push(s),
                Err(_) => errors += 1,
            }
        }
        ready.push(filled);
    }
    // LOADTEST_PAUSE=seconds: time to attach a profiler to the server before the bursts.
    if let Some(pause) = std::env::var("LOADTEST_PAUSE")
        .ok()
        .and_then(|p| p.parse().ok())
    {
        eprintln!("filled; bursts in {pause} s");
        tokio::time::sleep(Duration::from_secs(pause)).await;
    }
    let mut timed = Duration::ZERO;
    for round in ready {
        let started = Instant::now();
        let sends: Vec<_> = round
            .into_iter()
            .map(|mut s| tokio::spawn(async move { submit(&mut s).await }))
            .collect();
        for s in sends {
            match s.await? {
                Ok(d) => latencies.push(d),
                Err(_) => errors += 1,
            }
        }
        timed += started.elapsed();
        // The bursts are moments apart, as people are: each one starts on a quiet server.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    latencies.sort();
    let rate = latencies.len() as f64 / timed.as_secs_f64();
    let raw = raw_inserts(&database_url, latencies.len().max(1), submitters).await?;
    println!(
        "submissions: {} at {} concurrent, errors: {errors}",
        latencies.len(),
        submitters
    );
    println!(
        "through the server: {rate:.0}/s  p50 {:.1} ms  p99 {:.1} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99)
    );
    println!(
        "raw sqlx inserts of the same rows: {raw:.0}/s  (server/raw = {:.2})",
        rate / raw
    );
    Ok(())
}
