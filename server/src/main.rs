#![forbid(unsafe_code)]
use anyhow::Context;
use app::config::Config;
use app::storage::Store;
use app::web::AppState;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // mimalloc asks the kernel for transparent huge pages, so each large buffer (a group of
    // enrolments as JSON, a statement's write buffer) that lands on fresh memory had a whole 2 MB
    // page zeroed: a fifth of the server's time in a burst of submissions (bench/intake.sh).
    #[cfg(target_os = "linux")]
    // A kernel that refuses only costs speed, never correctness.
    let _ = nix::sys::prctl::set_thp_disable(true);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let config = Config::load().context("Failed to read the configuration")?;
    let territory = config.territory().context("Failed to load the territory")?;
    let store = Store::connect(&config.database_url)
        .await
        .context("Failed to open the database")?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("create-admin") {
        return create_admin(&store, &config, &args[1..]).await;
    }
    if !config.development
        && app::demo::has_demo_accounts(&store)
            .await
            .context("Failed to read the staff accounts")?
    {
        anyhow::bail!(
            "this database holds the demo's accounts, whose password is published: production \
             needs a database of its own (or INSIEME_DEVELOPMENT=1 for the local demo)"
        );
    }
    let mut demo_staff = false;
    if config.demo_data {
        demo_staff = app::demo::load_staff_if_empty(&store)
            .await
            .context("Failed to create the demo staff accounts")?;
        let loaded = app::demo::load_if_empty(&store, config.contact_policy())
            .await
            .context("Failed to load demo data")?;
        if loaded > 0 {
            tracing::info!(applicants = loaded, "demo data loaded");
        }
        if app::demo::load_board_if_empty(&store, config.contact_policy())
            .await
            .context("Failed to load the demo company board")?
        {
            tracing::info!("demo company board loaded");
        }
        let closures = config.closures_calendar()?;
        if app::demo::load_training_if_empty(&store, &closures)
            .await
            .context("Failed to load the demo courses")?
        {
            tracing::info!("demo courses loaded");
        }
        if app::demo::load_traineeships_if_empty(&store)
            .await
            .context("Failed to load the demo traineeships")?
        {
            tracing::info!("demo traineeships loaded");
        }
        if app::demo::load_group_sessions_if_empty(&store)
            .await
            .context("Failed to load the demo group sessions")?
        {
            tracing::info!("demo group sessions loaded");
        }
        if app::demo::load_ventures_if_empty(&store)
            .await
            .context("Failed to load the demo self-employment projects")?
        {
            tracing::info!("demo self-employment projects loaded");
        }
    }
    let leptos_options = leptos_options()?;
    let addr = leptos_options.site_addr;
    let state = AppState {
        leptos_options,
        store,
        config: Arc::new(config),
        territory: Arc::new(territory),
    };
    app::background::spawn(&state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("Failed to listen on {addr}"))?;
    let url = format!("http://{}", listener.local_addr()?);
    println!("Insieme is running at {url}  (Ctrl-C stops it)");
    if state.config.development {
        println!("Mail and text messages it sends are listed at {url}/dev/mail");
    }
    if demo_staff || state.config.demo_data {
        print_demo_staff(&url);
    }
    app::router::serve(listener, state, async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("Ctrl-C cannot be listened for; stop the server with a signal: {e}");
            std::future::pending::<()>().await;
        }
    })
    .await?;
    Ok(())
}

/// Where the site's files are (`LEPTOS_SITE_ROOT`) and where to listen (`LEPTOS_SITE_ADDR`), named as
/// cargo-leptos names them, with the defaults of `scripts/tools.sh`.
fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let var = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    let addr = var("LEPTOS_SITE_ADDR", "127.0.0.1:3000");
    Ok(LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME", "insieme"))
        .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
        .site_addr(
            addr.parse::<std::net::SocketAddr>()
                .with_context(|| format!("LEPTOS_SITE_ADDR is not an address: {addr}"))?,
        )
        .build())
}

fn print_demo_staff(url: &str) {
    println!(
        "Demo staff accounts (log in at {url}/staff), password \"{}\":",
        app::demo::DEMO_PASSWORD
    );
    for (email, _, role) in app::demo::DEMO_STAFF {
        println!("  {:<13} {email}", role.code());
    }
    println!(
        "  The admin also needs a one-time code: add the key {} to an authenticator app.",
        app::demo::DEMO_ADMIN_TOTP
    );
    println!(
        "Demo company contact (company area at {url}/company/login, sign-in link on {url}/dev/mail): {}",
        app::demo::DEMO_COMPANY_CONTACT
    );
}

/// `server create-admin <email> <name>`: the first admin account of an installation. Prints the
/// link where its password is chosen (the same invitation admins send to new staff).
async fn create_admin(store: &Store, config: &Config, args: &[String]) -> anyhow::Result<()> {
    let [email, name @ ..] = args else {
        anyhow::bail!("usage: server create-admin <email> <full name>");
    };
    let email =
        app::domain::staff::normalize_email(email).context("That email address is not valid")?;
    let name = name.join(" ");
    anyhow::ensure!(
        !name.trim().is_empty(),
        "usage: server create-admin <email> <full name>"
    );
    let id = store
        .create_staff(
            &email,
            name.trim(),
            &[app::domain::staff::Role::Admin],
            chrono::Utc::now().timestamp(),
        )
        .await?
        .context("An account with that email already exists")?;
    let link = app::staff::create_invitation_link(store, config, id).await?;
    println!("Admin account created for {email}.");
    println!(
        "Open this link within 7 days to choose the password (then set up the one-time code):"
    );
    println!("  {link}");
    Ok(())
}
