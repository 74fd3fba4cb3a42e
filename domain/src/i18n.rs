//! Every visible text goes through a [`Key`]; the texts live in `domain/locales/<code>.toml`.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanguageMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub rtl: bool,
}

include!(concat!(env!("OUT_DIR"), "/i18n_gen.rs"));

/// A language of the interface: an index into [`LANGUAGES`]; the first one is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Lang(usize);

impl Lang {
    pub const DEFAULT: Lang = Lang(0);

    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let primary = code.split(['-', '_']).next().unwrap_or("");
        LANGUAGES.iter().position(|l| l.code == primary).map(Lang)
    }

    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LANGUAGES.len()).map(Lang)
    }

    pub fn meta(self) -> &'static LanguageMeta {
        &LANGUAGES[self.0]
    }

    pub fn code(self) -> &'static str {
        self.meta().code
    }

    pub fn dir(self) -> &'static str {
        if self.meta().rtl {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The text for `key`, falling back to the default language if this one lacks it.
    pub fn t(self, key: Key) -> &'static str {
        self.text_at(key as usize)
    }

    fn text_at(self, index: usize) -> &'static str {
        let text = TEXTS[self.0][index];
        if text.is_empty() {
            TEXTS[0][index]
        } else {
            text
        }
    }

    /// The text for `key` with each `{name}` replaced by its value.
    pub fn tf(self, key: Key, args: &[(&str, &str)]) -> String {
        let mut text = self.t(key).to_owned();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// The texts a script in the browser may have to show (problems with an answer or with
    /// sending), in this language, as JSON keyed by [`Key`] number. The applicant pages carry them,
    /// so that their small client need not carry every text of every language.
    pub fn browser_texts_json(self) -> String {
        let texts: std::collections::BTreeMap<usize, &str> = KEY_NAMES
            .iter()
            .enumerate()
            .filter(|(_, name)| name.starts_with("err_") || name.starts_with("problem_"))
            .map(|(i, _)| (i, self.text_at(i)))
            .collect();
        // Inside a <script> element: no "</" may end it early.
        serde_json::to_string(&texts)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    }

    /// Picks the first supported language of an `Accept-Language` header, honouring q-values.
    pub fn negotiate(accept_language: &str, enabled: &[Lang]) -> Option<Lang> {
        let mut ranges: Vec<(f32, &str)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (!tag.is_empty() && q > 0.0).then_some((q, tag))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        ranges
            .into_iter()
            .filter_map(|(_, tag)| Lang::from_code(tag))
            .find(|l| enabled.contains(l))
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Lang::from_code(&code).ok_or_else(|| serde::de::Error::custom("unknown language"))
    }
}

const MONTHS: [Key; 12] = [
    Key::month_1,
    Key::month_2,
    Key::month_3,
    Key::month_4,
    Key::month_5,
    Key::month_6,
    Key::month_7,
    Key::month_8,
    Key::month_9,
    Key::month_10,
    Key::month_11,
    Key::month_12,
];

/// "febbraio 2026": a month, in the language's own words.
pub fn format_month(lang: Lang, date: NaiveDate) -> String {
    format!("{} {}", lang.t(MONTHS[date.month0() as usize]), date.year())
}

/// "7 febbraio 2026", in the language's own words.
pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    let day = date.day().to_string();
    let year = date.year().to_string();
    lang.tf(
        Key::date_format,
        &[
            ("day", &day),
            ("month", lang.t(MONTHS[date.month0() as usize])),
            ("year", &year),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn placeholders(text: &str) -> BTreeSet<String> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
            .collect()
    }

    #[test]
    fn every_key_is_translated_in_every_language() {
        let mut missing = Vec::new();
        for lang in Lang::all() {
            for (i, name) in KEY_NAMES.iter().enumerate() {
                if TEXTS[lang.0][i].trim().is_empty() {
                    missing.push(format!("{}: {name}", lang.code()));
                }
            }
        }
        assert!(missing.is_empty(), "missing translations: {missing:#?}");
    }

    #[test]
    fn every_translation_keeps_the_placeholders_of_the_default_language() {
        for lang in Lang::all() {
            for (i, name) in KEY_NAMES.iter().enumerate() {
                assert_eq!(
                    placeholders(TEXTS[0][i]),
                    placeholders(TEXTS[lang.0][i]),
                    "{}: {name}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn the_default_language_is_italian_and_arabic_is_right_to_left() {
        assert_eq!(Lang::DEFAULT.code(), "it");
        assert_eq!(Lang::from_code("ar").map(Lang::dir), Some("rtl"));
        assert_eq!(Lang::from_code("fr-CA").map(Lang::code), Some("fr"));
    }

    #[test]
    fn the_browser_gets_the_problem_texts_of_its_language_only() {
        let ar = Lang::from_code("ar").unwrap();
        let json: BTreeMap<String, String> =
            serde_json::from_str(&ar.browser_texts_json()).unwrap();
        assert_eq!(
            json.get(&(Key::problem_connection as usize).to_string())
                .map(String::as_str),
            Some(ar.t(Key::problem_connection))
        );
        assert_eq!(
            json.get(&(Key::err_required as usize).to_string())
                .map(String::as_str),
            Some(ar.t(Key::err_required))
        );
        assert!(!json.contains_key(&(Key::landing_title as usize).to_string()));
        assert!(!ar.browser_texts_json().contains('<'));
    }

    #[test]
    fn accept_language_is_negotiated_by_quality() {
        let all: Vec<Lang> = Lang::all().collect();
        let pick = |h| Lang::negotiate(h, &all).map(Lang::code);
        assert_eq!(pick("de-DE,ar;q=0.9,en;q=0.8"), Some("ar"));
        assert_eq!(pick("en;q=0.2, fr;q=0.7"), Some("fr"));
        assert_eq!(pick("de, es"), None);
        assert_eq!(pick(""), None);
    }
}
