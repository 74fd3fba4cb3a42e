//! Settings: a TOML file (`insieme.toml`, or the path in `INSIEME_CONFIG`) and environment variables,
//! which win. Every setting has a default that runs the application on a laptop with SQLite.
use crate::domain::deadline::ContactPolicy;
use crate::domain::holidays::Closures;
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
    /// The share of a course's hours (in percent) a person must attend to complete it and have
    /// the certificate.
    pub training_completion_percent: u32,
    pub languages: Vec<String>,
    pub privacy_version: String,
    /// Demo applicants, staff and companies loaded into an empty database (development only).
    pub demo_data: bool,
    /// The secretariat's phone, which messages to applicants and candidates give.
    pub secretariat_phone: String,
    pub referral: Referral,
    pub smtp: Option<Smtp>,
    /// No SMS provider is configured in code yet: in production text messages then stay unsent
    /// (marked failed, never sent), which must be accepted explicitly with this setting.
    pub allow_unsent_sms: bool,
    /// Addresses (or CIDR ranges) of the reverse proxies whose `X-Forwarded-For` / `Forwarded`
    /// headers are believed; from anyone else the peer address counts.
    pub trusted_proxies: Vec<String>,
    /// The territory's patron day as `MM-DD` (Bologna: `10-04`, San Petronio), or empty for none.
    /// With Italy's national holidays (Easter Monday computed), no interview slot is offered then.
    pub patron_day: String,
    /// Other days the programme is closed, as `YYYY-MM-DD`.
    pub closures: Vec<String>,
}

/// Where people who cannot enrol are sent instead, by the reason they cannot: someone living
/// outside the territory needs the employment centre of their own area; someone already in a
/// measure goes back to whoever follows it (these places are for those who do not know who that
/// is). The words around them come from the translation files.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Referral {
    pub outside_territory: Vec<Place>,
    pub active_measure: Vec<Place>,
}

/// An office or a page where people can get help; only the name is required.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Place {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub website: String,
}

impl Referral {
    pub fn places(&self, reason: crate::domain::eligibility::IneligibilityReason) -> &[Place] {
        match reason {
            crate::domain::eligibility::IneligibilityReason::DomicileOutsideTerritory => {
                &self.outside_territory
            }
            crate::domain::eligibility::IneligibilityReason::AlreadyInActiveMeasure => {
                &self.active_measure
            }
        }
    }
}

impl Default for Referral {
    fn default() -> Self {
        let place = |name: &str, address: &str, phone: &str, website: &str| Place {
            name: name.into(),
            address: address.into(),
            phone: phone.into(),
            website: website.into(),
        };
        Referral {
            outside_territory: vec![
                place(
                    "Centri per l'impiego dell'Emilia-Romagna",
                    "",
                    "",
                    "https://www.agenzialavoro.emr.it",
                ),
                place(
                    "Centri per l'impiego nelle altre regioni (Ministero del Lavoro)",
                    "",
                    "",
                    "https://www.lavoro.gov.it",
                ),
            ],
            active_measure: vec![place(
                "Centro per l'Impiego di Bologna",
                "Via Gian Carlo Rota 4, 40126 Bologna",
                "+39 051 659 8511",
                "https://www.agenzialavoro.emr.it",
            )],
        }
    }
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

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://insieme.db".into(),
            public_base_url: "http://127.0.0.1:3000".into(),
            development: false,
            territory_file: PathBuf::from("data/bologna-comuni.csv"),
            contact_target_days: 28,
            contact_limit_days: 35,
            failed_attempts_before_message: 3,
            proposal_reminder_days: 10,
            training_completion_percent: 70,
            languages: vec!["it".into(), "en".into(), "fr".into(), "ar".into()],
            privacy_version: "2026-11".into(),
            demo_data: false,
            secretariat_phone: "+39 051 659 8511".into(),
            referral: Referral::default(),
            smtp: None,
            allow_unsent_sms: false,
            trusted_proxies: Vec::new(),
            patron_day: "10-04".into(),
            closures: Vec::new(),
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
        if let Some(v) = env("INSIEME_TRUSTED_PROXIES") {
            config.trusted_proxies = v.split(',').map(|p| p.trim().to_owned()).collect();
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
        if let Err(bad) = self.proxies() {
            return Err(ConfigError::Invalid(format!(
                "trusted_proxies: {bad} is not an address or a CIDR range"
            )));
        }
        self.closures_calendar()?;
        if !(1..=100).contains(&self.training_completion_percent) {
            return Err(ConfigError::Invalid(
                "training_completion_percent must be between 1 and 100".into(),
            ));
        }
        for (reason, places) in [
            ("outside_territory", &self.referral.outside_territory),
            ("active_measure", &self.referral.active_measure),
        ] {
            if places.is_empty() {
                return Err(ConfigError::Invalid(format!(
                    "referral.{reason} needs at least one place where people can get help"
                )));
            }
            if let Some(p) = places.iter().find(|p| {
                p.name.trim().is_empty()
                    || !(p.website.is_empty()
                        || p.website.starts_with("https://")
                        || p.website.starts_with("http://"))
            }) {
                return Err(ConfigError::Invalid(format!(
                    "referral.{reason}: every place needs a name, and a website must start with https:// ({p:?})"
                )));
            }
        }
        self.safe_for_its_mode()
    }

    /// The days the programme is closed, from `patron_day` and `closures`.
    pub fn closures_calendar(&self) -> Result<Closures, ConfigError> {
        let patron_day = match self.patron_day.trim() {
            "" => None,
            text => {
                let parsed = text
                    .split_once('-')
                    .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
                    .filter(|(m, d)| chrono::NaiveDate::from_ymd_opt(2024, *m, *d).is_some());
                Some(parsed.ok_or_else(|| {
                    ConfigError::Invalid(format!("patron_day: {text} is not a day as MM-DD"))
                })?)
            }
        };
        let extra = self
            .closures
            .iter()
            .map(|c| {
                chrono::NaiveDate::parse_from_str(c.trim(), "%Y-%m-%d").map_err(|_| {
                    ConfigError::Invalid(format!("closures: {c} is not a date as YYYY-MM-DD"))
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Closures { patron_day, extra })
    }

    /// Development mode (plain-HTTP cookies, the mail page, demo accounts) only on this machine;
    /// production only with a way to really send what it marks sent.
    fn safe_for_its_mode(&self) -> Result<(), ConfigError> {
        if self.development {
            if !is_loopback_url(&self.public_base_url) {
                return Err(ConfigError::Invalid(format!(
                    "development mode is only for this machine, but public_base_url is {}; \
                     set INSIEME_DEVELOPMENT=0 (and an [smtp] section) to run in production",
                    self.public_base_url
                )));
            }
            return Ok(());
        }
        if self.demo_data {
            return Err(ConfigError::Invalid(
                "demo_data needs development mode (INSIEME_DEVELOPMENT=1): demo accounts have \
                 a published password"
                    .into(),
            ));
        }
        if self.smtp.is_none() {
            return Err(ConfigError::Invalid(
                "production needs an [smtp] section to send mail (for a local demo set \
                 INSIEME_DEVELOPMENT=1, as scripts/run.sh does)"
                    .into(),
            ));
        }
        if !self.allow_unsent_sms {
            return Err(ConfigError::Invalid(
                "no SMS provider is configured: set allow_unsent_sms = true to run with text \
                 messages left unsent (they are marked failed, never sent)"
                    .into(),
            ));
        }
        Ok(())
    }

    /// The trusted proxies as networks; the first entry that is neither an address nor a range
    /// is the error.
    pub fn proxies(&self) -> Result<Vec<ipnet::IpNet>, String> {
        self.trusted_proxies
            .iter()
            .map(|p| {
                p.parse::<ipnet::IpNet>()
                    .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| p.clone())
            })
            .collect()
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

/// Whether a base URL names this machine (localhost or a loopback address).
fn is_loopback_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
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

    #[test]
    fn closed_days_come_from_configuration_with_bologna_as_the_default() {
        let bologna = Config::default().closures_calendar().unwrap();
        assert_eq!(bologna.patron_day, Some((10, 4)));
        let c: Config =
            toml::from_str("patron_day = \"01-31\"\nclosures = [\"2026-12-07\"]").unwrap();
        let modena = c.closures_calendar().unwrap();
        assert_eq!(modena.patron_day, Some((1, 31)));
        assert_eq!(modena.extra.len(), 1);
        for bad in ["patron_day = \"31-01\"", "closures = [\"7 dicembre\"]"] {
            let c: Config = toml::from_str(bad).unwrap();
            assert!(c.validate().is_err(), "{bad}");
        }
    }

    fn production() -> Config {
        Config {
            public_base_url: "https://lavoro.example.org".into(),
            smtp: Some(Smtp {
                host: "smtp.example.org".into(),
                port: 587,
                username: String::new(),
                password: String::new(),
                from: "noreply@example.org".into(),
            }),
            allow_unsent_sms: true,
            ..Config::default()
        }
    }

    #[test]
    fn with_no_configuration_the_server_is_in_production_without_demo_data() {
        let c = Config::default();
        assert!(!c.development);
        assert!(!c.demo_data);
        // and production without a mail transport does not start
        assert!(c.validate().is_err());
        assert!(production().validate().is_ok());
    }

    #[test]
    fn development_mode_is_refused_on_a_public_address() {
        let dev = |url: &str| Config {
            development: true,
            public_base_url: url.into(),
            ..Config::default()
        };
        for url in [
            "http://127.0.0.1:3000",
            "http://localhost:3000/",
            "http://[::1]:3000",
        ] {
            assert!(dev(url).validate().is_ok(), "{url}");
        }
        for url in [
            "https://lavoro.example.org",
            "http://10.0.0.5:3000",
            "http://127.0.0.1.example.org",
            "http://localhost@evil.example",
            "127.0.0.1:3000",
        ] {
            assert!(dev(url).validate().is_err(), "{url}");
        }
    }

    #[test]
    fn production_refuses_to_mark_messages_sent_it_cannot_send() {
        assert!(Config {
            smtp: None,
            ..production()
        }
        .validate()
        .is_err());
        assert!(Config {
            allow_unsent_sms: false,
            ..production()
        }
        .validate()
        .is_err());
        assert!(Config {
            demo_data: true,
            ..production()
        }
        .validate()
        .is_err());
    }

    #[test]
    fn the_example_file_reads_and_is_safe_by_default() {
        let c: Config = toml::from_str(include_str!("../../insieme.example.toml")).unwrap();
        assert!(!c.development && !c.demo_data);
        assert_eq!(c.contact_target_days, Config::default().contact_target_days);
        // The example shows the defaults, so that it documents what runs without it.
        assert_eq!(c.referral, Referral::default());
        assert_eq!(c.secretariat_phone, Config::default().secretariat_phone);
    }

    #[test]
    fn each_reason_for_not_enrolling_has_somewhere_to_send_people() {
        let mut c = production();
        c.referral.active_measure.clear();
        assert!(c.validate().is_err());
        let mut c = production();
        c.referral.outside_territory[0].website = "javascript:alert(1)".into();
        assert!(c.validate().is_err());
        assert!(production().validate().is_ok());
    }

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        let c = Config {
            trusted_proxies: vec!["10.0.0.0/8".into(), "127.0.0.1".into()],
            ..production()
        };
        assert_eq!(c.proxies().unwrap().len(), 2);
        assert!(Config {
            trusted_proxies: vec!["proxy.local".into()],
            ..production()
        }
        .validate()
        .is_err());
    }
}
