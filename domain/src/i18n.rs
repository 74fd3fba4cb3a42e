//! Every visible text goes through a [`Key`]; the texts live in `domain/locales/<code>.toml`.
use chrono::{Datelike, NaiveDate};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanguageMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub rtl: bool,
    /// Number separators, from the translation file's `[meta]`.
    pub decimal: &'static str,
    pub group: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/i18n_gen.rs"));

/// The days of the week, Monday first.
pub const WEEKDAY_KEYS: [Key; 7] = [
    Key::weekday_1,
    Key::weekday_2,
    Key::weekday_3,
    Key::weekday_4,
    Key::weekday_5,
    Key::weekday_6,
    Key::weekday_7,
];

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
        fill(self.t(key), args)
    }

    /// The plural category of `n` in this language, by the CLDR rules (read once per language).
    pub fn plural_category(self, n: i64) -> PluralCategory {
        static RULES: std::sync::OnceLock<Vec<Option<PluralRules>>> = std::sync::OnceLock::new();
        let rules = RULES.get_or_init(|| {
            LANGUAGES
                .iter()
                .map(|l| {
                    let id = l.code.parse::<unic_langid::LanguageIdentifier>().ok()?;
                    PluralRules::create(id, PluralRuleType::CARDINAL).ok()
                })
                .collect()
        });
        rules[self.0]
            .as_ref()
            .and_then(|r| r.select(n).ok())
            .unwrap_or(PluralCategory::OTHER)
    }

    /// A count in words: the form of `key` for `n`'s plural category ("1 accordo firmato",
    /// "2 accordi firmati"), with `{n}` the number written in this language and the other
    /// placeholders from `args`. A text without plural forms is used as it is.
    pub fn plural(self, key: Key, n: i64, args: &[(&str, &str)]) -> String {
        let number = self.integer(n);
        let mut all: Vec<(&str, &str)> = vec![("n", &number)];
        all.extend_from_slice(args);
        fill(self.plural_form(key, n), &all)
    }

    /// A number with a fraction ("2,5 ore"): CLDR gives fractions the "other" form in the
    /// languages the programme speaks.
    pub fn plural_fraction(self, key: Key, v: f64, places: usize) -> String {
        let other = category_index(PluralCategory::OTHER);
        let form = PLURALS[self.0]
            .binary_search_by_key(&(key as usize), |(i, _)| *i)
            .ok()
            .map(|at| PLURALS[self.0][at].1[other])
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| self.t(key));
        fill(form, &[("n", &self.decimal(v, places))])
    }

    /// The form of a plural text for `n`, with its placeholders (`{n}` for the number) still in.
    pub fn plural_form(self, key: Key, n: i64) -> &'static str {
        let category = category_index(self.plural_category(n));
        PLURALS[self.0]
            .binary_search_by_key(&(key as usize), |(i, _)| *i)
            .ok()
            .map(|at| PLURALS[self.0][at].1[category])
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| self.t(key))
    }

    /// A whole number as this language writes it: "12.345" in Italian, "12,345" in English.
    pub fn integer(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(self.meta().group);
            }
            out.push(d);
        }
        if n < 0 {
            format!("-{out}")
        } else {
            out
        }
    }

    /// A number with `places` decimals as this language writes it: "6,0" in Italian.
    pub fn decimal(self, v: f64, places: usize) -> String {
        let fixed = format!("{:.*}", places, v.abs());
        let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let whole = self.integer(whole.parse::<i64>().unwrap_or(0));
        let sign = if v < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "-"
        } else {
            ""
        };
        if fraction.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}{}{fraction}", self.meta().decimal)
        }
    }

    /// A share (0.25) as a percentage in this language: "25%", in French "25 %".
    pub fn percent(self, share: f64) -> String {
        self.tf(
            Key::percent_format,
            &[("n", &self.decimal(share * 100.0, 0))],
        )
    }

    /// The texts a script in the browser may have to show (problems with an answer or with
    /// sending, what a search found: keys `err_`, `problem_`, `live_`), in this language, as JSON keyed by [`Key`] number. The applicant pages carry them,
    /// so that their small client need not carry every text of every language.
    pub fn browser_texts_json(self) -> String {
        let texts: std::collections::BTreeMap<usize, &str> = KEY_NAMES
            .iter()
            .enumerate()
            .filter(|(_, name)| {
                name.starts_with("err_")
                    || name.starts_with("problem_")
                    || name.starts_with("live_")
            })
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

/// `text` with each `{name}` replaced by its value.
fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut text = text.to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// Where a plural category's form sits in a text's forms (the translation files' order).
fn category_index(c: PluralCategory) -> usize {
    match c {
        PluralCategory::ZERO => 0,
        PluralCategory::ONE => 1,
        PluralCategory::TWO => 2,
        PluralCategory::FEW => 3,
        PluralCategory::MANY => 4,
        PluralCategory::OTHER => 5,
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

const SHORT_MONTHS: [Key; 12] = [
    Key::month_short_1,
    Key::month_short_2,
    Key::month_short_3,
    Key::month_short_4,
    Key::month_short_5,
    Key::month_short_6,
    Key::month_short_7,
    Key::month_short_8,
    Key::month_short_9,
    Key::month_short_10,
    Key::month_short_11,
    Key::month_short_12,
];

/// "nov": a month's short name, for a chart's axis.
pub fn short_month(lang: Lang, date: NaiveDate) -> &'static str {
    lang.t(SHORT_MONTHS[date.month0() as usize])
}

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

    /// Each plural text has, in each language, a form for every category that language's rules
    /// can give (Arabic has six), and each form keeps `{n}`.
    #[test]
    fn every_plural_text_has_the_forms_its_language_needs() {
        let samples: Vec<i64> = (0..=200).chain([1000, 1001, 100_000, 1_000_000]).collect();
        for lang in Lang::all() {
            let needed: BTreeSet<usize> = samples
                .iter()
                .map(|&n| category_index(lang.plural_category(n)))
                .collect();
            for (i, name) in KEY_NAMES.iter().enumerate() {
                let plural_in_default = PLURALS[0].iter().any(|(k, _)| *k == i);
                let forms = PLURALS[lang.0]
                    .iter()
                    .find(|(k, _)| *k == i)
                    .map(|(_, f)| f);
                match forms {
                    None => assert!(
                        !plural_in_default,
                        "{}: {name} needs plural forms",
                        lang.code()
                    ),
                    Some(forms) => {
                        for &c in &needed {
                            assert!(
                                !forms[c].is_empty(),
                                "{}: {name} lacks the form for category {c}",
                                lang.code()
                            );
                        }
                        for form in forms.iter().filter(|f| !f.is_empty()) {
                            assert!(
                                form.contains("{n}") || lang.code() == "ar",
                                "{}: {name}: {form} lacks {{n}}",
                                lang.code()
                            );
                        }
                    }
                }
            }
        }
        assert!(!PLURALS[0].is_empty(), "some texts are counted");
    }

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        let it = Lang::from_code("it").unwrap();
        let ar = Lang::from_code("ar").unwrap();
        let en = Lang::from_code("en").unwrap();
        assert_eq!(
            it.plural(Key::board_count_signed, 1, &[]),
            "1 accordo firmato in vigore"
        );
        assert_eq!(
            it.plural(Key::board_count_signed, 0, &[]),
            "0 accordi firmati in vigore"
        );
        assert_eq!(
            it.plural(Key::board_count_signed, 1234, &[]),
            "1.234 accordi firmati in vigore"
        );
        assert_eq!(
            en.plural(Key::board_count_signed, 1, &[]),
            "1 signed agreement in force"
        );
        // Arabic: 0 zero, 1 one, 2 two, 3-10 few, 11-99 many, 100 other.
        let forms: BTreeSet<String> = [0, 1, 2, 3, 11, 100]
            .iter()
            .map(|&n| ar.plural(Key::board_count_signed, n, &[]))
            .collect();
        assert_eq!(forms.len(), 6, "six different Arabic forms: {forms:?}");
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        let it = Lang::from_code("it").unwrap();
        let en = Lang::from_code("en").unwrap();
        let fr = Lang::from_code("fr").unwrap();
        assert_eq!(it.decimal(6.0, 1), "6,0");
        assert_eq!(en.decimal(6.0, 1), "6.0");
        assert_eq!(it.decimal(12345.678, 2), "12.345,68");
        assert_eq!(fr.integer(3967), "3\u{202f}967");
        assert_eq!(it.integer(-602), "-602");
        assert_eq!(it.decimal(-0.01, 1), "0,0");
        assert_eq!(it.percent(0.25), "25%");
        assert_eq!(fr.percent(0.25), "25\u{202f}%");
    }

    /// Staff and companies read texts whose key starts with one of these; everything else is
    /// for applicants (or for everyone, like the month names), except messages to applicants
    /// that live among the staff's keys.
    const STAFF_AND_COMPANY: &[&str] = &[
        "accounts",
        "agreement",
        "assessment",
        "audit",
        "availability",
        "band",
        "board",
        "case",
        "channel",
        "close",
        "companies",
        "company",
        "contact",
        "contract",
        "course",
        "cert",
        "dashboard",
        "digest",
        "excluded",
        "follow",
        "group",
        "hire",
        "interview",
        "invitation",
        "invite",
        "level",
        "log",
        "login",
        "logout",
        "match",
        "mode",
        "my",
        "outcome",
        "password",
        "path",
        "placement",
        "plan",
        "portal",
        "position",
        "queue",
        "register",
        "role",
        "sessions",
        "site",
        "size",
        "staff",
        "totp",
        "training",
        "traineeship",
        "venture",
        "trainee",
        "presence",
        "note",
        "money",
        "tutor",
        "concern",
        "objective",
        "evaluation",
        "project",
        "welcome",
        "why",
    ];
    const TO_APPLICANTS: &[&str] = &[
        "board_kind_",
        "board_msg_",
        "contact_failed_",
        "interview_subject",
        "interview_booked_message",
        "interview_earlier_message",
        "interview_reminder_message",
        "interview_cancelled_subject",
        "interview_cancelled_message",
        "interview_moved_subject",
        "interview_moved_message",
        "my_plan_",
        "my_course",
        "course_msg_",
        "group_msg_",
        "my_group",
    ];

    fn words(text: &str) -> impl Iterator<Item = &str> {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
    }

    /// One register per audience: in Italian, staff and companies are addressed with "Lei",
    /// applicants with "tu"; French uses "vous" for everyone; English and Arabic have no such
    /// choice in these texts.
    #[test]
    fn each_audience_is_addressed_in_one_register() {
        // Only words that cannot be a third person too ("torna" can: "la persona torna"). Button
        // labels ("Salva", "Accedi") are commands to the application in every register, and are
        // not looked for.
        const TU: &[&str] = &[
            "tu",
            "tuo",
            "tua",
            "tuoi",
            "tue",
            "ti",
            "hai",
            "sei",
            "puoi",
            "devi",
            "vuoi",
            "scegli",
            "scegline",
            "scrivi",
            "inserisci",
            "chiedi",
            "riprova",
            "mandami",
            "ripeti",
        ];
        const VOI: &[&str] = &[
            "vi",
            "vostro",
            "vostra",
            "vostri",
            "vostre",
            "potete",
            "volete",
            "scegliete",
            "avete",
        ];
        const LEI: &[&str] = &["Lei", "Sua", "Suo", "Suoi", "Sue"];
        const FRENCH_TU: &[&str] = &["tu", "ton", "ta", "tes", "toi"];
        let it = Lang::from_code("it").unwrap();
        let fr = Lang::from_code("fr").unwrap();
        let mut wrong = Vec::new();
        for (i, name) in KEY_NAMES.iter().enumerate() {
            let staff = STAFF_AND_COMPANY.contains(&name.split('_').next().unwrap_or(""))
                && !TO_APPLICANTS.iter().any(|p| name.starts_with(p));
            let forms = |lang: Lang| {
                let mut all = vec![TEXTS[lang.0][i]];
                if let Some((_, f)) = PLURALS[lang.0].iter().find(|(k, _)| *k == i) {
                    all.extend(f.iter().filter(|t| !t.is_empty()));
                }
                all
            };
            for text in forms(it) {
                for w in words(text) {
                    let lower = w.to_lowercase();
                    if staff && (TU.contains(&lower.as_str()) || VOI.contains(&lower.as_str())) {
                        wrong.push(format!("it {name} (staff and companies: Lei): {w}"));
                    }
                    if !staff && LEI.contains(&w) {
                        wrong.push(format!("it {name} (applicants: tu): {w}"));
                    }
                }
            }
            for text in forms(fr) {
                if let Some(w) =
                    words(text).find(|w| FRENCH_TU.contains(&w.to_lowercase().as_str()))
                {
                    wrong.push(format!("fr {name} (vous): {w}"));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
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
