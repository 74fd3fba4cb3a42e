//! Settings: a TOML file (`insieme.toml`, or the path in `INSIEME_CONFIG`) and environment variables,
//! which win. Every setting has a default that runs the application on a laptop with SQLite.
use crate::domain::deadline::ContactPolicy;
use crate::domain::territory::Territory;
use crate::i18n::Lang;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub database_url: String,
    pub public_base_url: String,
    /// Development mode: plain-HTTP cookies and the page that lists sent mail.
    pub development: bool,
    pub territory_file: PathBuf,
    pub contact_target_days: u32,
    pub contact_limit_days: u32,
    /// After this many failed contact attempts the applicant gets a message asking them to call.
    pub failed_attempts_before_message: u32,
    /// A company that leaves a candidate sent to it unanswered this many days gets a reminder, and
    /// the secretariat sees the proposal as stalled.
    pub proposal_reminder_days: u32,
    pub languages: Vec<String>,
    pub privacy_version: String,
    pub demo_data: bool,
    pub referral: Referral,
    pub smtp: Option<Smtp>,
}

/// Where people who cannot enrol are sent instead.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Referral {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub website: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Smtp {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    pub from: String,
}

fn default_smtp_port() -> u16 {
    587
}

impl Default for Referral {
    fn default() -> Self {
        Referral {
            name: "Centro per l'Impiego di Bologna".into(),
            address: "Via Gian Carlo Rota 4, 40126 Bologna".into(),
            phone: "+39 051 659 8511".into(),
            website: "https://www.agenzialavoro.emr.it".into(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://insieme.db".into(),
            public_base_url: "http://127.0.0.1:3000".into(),
            development: true,
            territory_file: PathBuf::from("data/bologna-comuni.csv"),
            contact_target_days: 28,
            contact_limit_days: 35,
            failed_attempts_before_message: 3,
            proposal_reminder_days: 10,
            languages: vec!["it".into(), "en".into(), "fr".into(), "ar".into()],
            privacy_version: "2026-11".into(),
            demo_data: true,
            referral: Referral::default(),
            smtp: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("{0}: {1}")]
    Parse(PathBuf, toml::de::Error),
    #[error("territory file {0}: {1}")]
    Territory(PathBuf, crate::domain::territory::TerritoryError),
    #[error("{0}")]
    Invalid(String),
}

impl Config {
    pub fn load() -> Result<Config, ConfigError> {
        let path = std::env::var("INSIEME_CONFIG").map(PathBuf::from).ok();
        let mut config = match &path {
            Some(p) => Self::from_file(p)?,
            None if Path::new("insieme.toml").exists() => {
                Self::from_file(Path::new("insieme.toml"))?
            }
            None => Config::default(),
        };
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let Some(v) = env("DATABASE_URL") {
            config.database_url = v;
        }
        if let Some(v) = env("INSIEME_BASE_URL") {
            config.public_base_url = v;
        }
        if let Some(v) = env("INSIEME_DEVELOPMENT") {
            config.development = v == "1" || v == "true";
        }
        if let Some(v) = env("INSIEME_DEMO_DATA") {
            config.demo_data = v == "1" || v == "true";
        }
        if let Some(v) = env("INSIEME_TERRITORY_FILE") {
            config.territory_file = PathBuf::from(v);
        }
        config.validate()?;
        Ok(config)
    }

    fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read(path.into(), e))?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse(path.into(), e))
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if self.contact_target_days == 0 || self.contact_limit_days < self.contact_target_days {
            return Err(ConfigError::Invalid(
                "contact_limit_days must be at least contact_target_days, which must be positive"
                    .into(),
            ));
        }
        if self.enabled_languages().is_empty() {
            return Err(ConfigError::Invalid(
                "languages names no language that has a translation file".into(),
            ));
        }
        Ok(())
    }

    pub fn contact_policy(&self) -> ContactPolicy {
        ContactPolicy {
            target_days: self.contact_target_days,
            limit_days: self.contact_limit_days,
        }
    }

    pub fn enabled_languages(&self) -> Vec<Lang> {
        self.languages
            .iter()
            .filter_map(|c| Lang::from_code(c))
            .collect()
    }

    pub fn territory(&self) -> Result<Territory, ConfigError> {
        let text = std::fs::read_to_string(&self.territory_file)
            .map_err(|e| ConfigError::Read(self.territory_file.clone(), e))?;
        Territory::from_csv(&text)
            .map_err(|e| ConfigError::Territory(self.territory_file.clone(), e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_before_the_target_is_refused() {
        let c = Config {
            contact_target_days: 28,
            contact_limit_days: 20,
            ..Config::default()
        };
        assert!(c.validate().is_err());
    }

    #[test]
    fn unknown_settings_are_refused_rather_than_ignored() {
        assert!(toml::from_str::<Config>("contact_target_dayz = 3").is_err());
        let c: Config =
            toml::from_str("contact_target_days = 21\nlanguages = [\"it\", \"ar\"]").unwrap();
        assert_eq!(c.contact_policy().target_days, 21);
        assert_eq!(c.enabled_languages().len(), 2);
    }
}
