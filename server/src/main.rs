#![forbid(unsafe_code)]
use anyhow::Context;
use app::config::Config;
use app::storage::Store;
use app::web::{mailer, AppState};
use leptos::prelude::get_configuration;
use std::sync::Arc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
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
    if config.demo_data {
        let loaded = app::demo::load_if_empty(&store, config.contact_policy())
            .await
            .context("Failed to load demo data")?;
        if loaded > 0 {
            tracing::info!(applicants = loaded, "demo data loaded");
        }
    }
    let leptos_options = get_configuration(None)
        .context("Failed to read the Leptos settings")?
        .leptos_options;
    let addr = leptos_options.site_addr;
    mailer::spawn(
        store.clone(),
        config.smtp.clone(),
        Box::new(mailer::LoggedSms),
    );
    spawn_draft_cleanup(store.clone());
    let state = AppState {
        leptos_options,
        store,
        config: Arc::new(config),
        territory: Arc::new(territory),
    };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("Failed to listen on {addr}"))?;
    let url = format!("http://{}", listener.local_addr()?);
    println!("Insieme is running at {url}  (Ctrl-C stops it)");
    if state.config.development {
        println!("Mail and text messages it sends are listed at {url}/dev/mail");
    }
    app::web::serve(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// Drafts nobody finished are deleted 30 days after their last change.
fn spawn_draft_cleanup(store: Store) {
    tokio::spawn(async move {
        loop {
            match store
                .delete_expired_drafts(chrono::Utc::now().timestamp())
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(drafts = n, "expired drafts deleted"),
                Err(_) => tracing::error!("expired drafts could not be deleted"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}
