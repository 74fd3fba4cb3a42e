//! Time as the programme keeps it: instants in Unix seconds, days and hours in Europe/Rome, and the
//! words a page shows for them in the person's language.
use crate::domain::deadline::{from_unix, local_date, PROGRAMME_TZ};
use crate::i18n::format_date;
use crate::i18n::Lang;
use chrono::NaiveDate;

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Today in the programme's time zone.
pub fn today() -> NaiveDate {
    local_date(chrono::Utc::now())
}

/// The day of a Unix time, in the programme's time zone.
pub fn day_of(ts: i64) -> NaiveDate {
    local_date(from_unix(ts))
}

/// "7 febbraio 2026": the day of a Unix time in the person's language.
pub fn date_text(lang: Lang, ts: i64) -> String {
    format_date(lang, day_of(ts))
}

/// "7 febbraio 2026 09:30".
pub fn date_time_text(lang: Lang, ts: i64) -> String {
    let local = from_unix(ts).with_timezone(&PROGRAMME_TZ);
    format!("{} {}", date_text(lang, ts), local.format("%H:%M"))
}

/// "martedì 2 marzo 2027" and "09:30": the day (with its weekday) and the time of a Unix time.
pub fn day_and_time(lang: Lang, ts: i64) -> (String, String) {
    use chrono::Datelike;
    let local = from_unix(ts).with_timezone(&PROGRAMME_TZ);
    let weekday =
        lang.t(crate::i18n::WEEKDAY_KEYS[local.weekday().num_days_from_monday() as usize]);
    (
        format!("{weekday} {}", format_date(lang, local.date_naive())),
        local.format("%H:%M").to_string(),
    )
}
