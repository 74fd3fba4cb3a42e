//! Training from partner providers: a course in the catalogue with its sessions and seats, the
//! share of hours a person attended, and whether that completes the course.
use crate::availability::local;
use crate::holidays::Closures;
use crate::i18n::{Key, Lang};
use crate::matching::italian_rank;
use crate::plan::Kind;
use crate::position::REQUIRED_ITALIAN;
use crate::questionnaire::parse_date;
use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The components of a plan a course can serve.
pub const KINDS: [Kind; 4] = [
    Kind::ItalianL2,
    Kind::DigitalSkills,
    Kind::WorkplaceSafety,
    Kind::SpecificTraining,
];

/// The most sessions one course may have (twice a week for a school year is about 70).
pub const MAX_SESSIONS: usize = 120;
pub const MAX_SEATS: u32 = 200;
/// The weekday boxes of the form, Monday (`day_1`) to Sunday (`day_7`).
pub const WEEKDAYS: [Key; 7] = crate::i18n::WEEKDAY_KEYS;

/// One lesson: Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub starts_at: i64,
    pub ends_at: i64,
}

impl Session {
    pub fn minutes(self) -> i64 {
        (self.ends_at - self.starts_at) / 60
    }
}

/// A course as the catalogue form describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseDetails {
    pub provider: String,
    pub title: String,
    pub kind: Kind,
    /// The course's own level, in the provider's words ("A1 → A2", "base").
    pub level: String,
    /// The Italian a participant needs (`REQUIRED_ITALIAN`; "none" for none).
    pub italian_min: String,
    /// The language it is taught in (a language code).
    pub teaching_language: String,
    pub place: String,
    pub seats: u32,
    pub sessions: Vec<Session>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CourseProblem {
    Required(&'static str),
    TooLong(&'static str),
    Seats,
    Date(&'static str),
    EndsBeforeStart,
    Time(&'static str),
    TimesReversed,
    NoWeekday,
    NoSession,
    TooManySessions,
}

impl CourseProblem {
    pub fn field(self) -> &'static str {
        match self {
            CourseProblem::Required(f) | CourseProblem::TooLong(f) => f,
            CourseProblem::Date(f) | CourseProblem::Time(f) => f,
            CourseProblem::Seats => "seats",
            CourseProblem::EndsBeforeStart => "last_day",
            CourseProblem::TimesReversed => "to",
            CourseProblem::NoWeekday | CourseProblem::NoSession => "day_1",
            CourseProblem::TooManySessions => "last_day",
        }
    }

    pub fn key(self) -> Key {
        match self {
            CourseProblem::Required(_) => Key::course_err_required,
            CourseProblem::TooLong(_) => Key::course_err_too_long,
            CourseProblem::Seats => Key::course_err_seats,
            CourseProblem::Date(_) => Key::course_err_date,
            CourseProblem::EndsBeforeStart => Key::course_err_dates,
            CourseProblem::Time(_) => Key::course_err_time,
            CourseProblem::TimesReversed => Key::course_err_times,
            CourseProblem::NoWeekday => Key::course_err_weekday,
            CourseProblem::NoSession => Key::course_err_no_session,
            CourseProblem::TooManySessions => Key::course_err_too_many,
        }
    }
}

const TEXTS: [(&str, usize, bool); 4] = [
    ("provider", 120, true),
    ("title", 120, true),
    ("level", 40, false),
    ("place", 200, true),
];

/// "9:30" or "9.30" as typed.
pub(crate) fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim().replace('.', ":");
    NaiveTime::parse_from_str(&s, "%H:%M").ok()
}

impl CourseDetails {
    /// Reads the catalogue form. The sessions are the chosen weekdays between the first and last
    /// day, at the same hours, leaving out the days the programme is closed (public holidays,
    /// the patron day, closures).
    pub fn from_form(
        form: &BTreeMap<String, String>,
        closures: &Closures,
    ) -> Result<CourseDetails, Vec<CourseProblem>> {
        let get = |f: &str| form.get(f).map(|v| v.trim().to_owned()).unwrap_or_default();
        let mut problems = Vec::new();
        let mut texts = BTreeMap::new();
        for (f, max, required) in TEXTS {
            let v = get(f);
            if required && v.is_empty() {
                problems.push(CourseProblem::Required(f));
            } else if v.chars().count() > max {
                problems.push(CourseProblem::TooLong(f));
            }
            texts.insert(f, v);
        }
        let kind = Kind::from_code(&get("kind")).filter(|k| KINDS.contains(k));
        if kind.is_none() {
            problems.push(CourseProblem::Required("kind"));
        }
        let italian_min = match get("italian_min") {
            v if v.is_empty() => "none".to_owned(),
            v if REQUIRED_ITALIAN.iter().any(|o| o.value == v) => v,
            _ => {
                problems.push(CourseProblem::Required("italian_min"));
                String::new()
            }
        };
        let teaching_language = match Lang::from_code(&get("teaching_language")) {
            Some(l) => l.code().to_owned(),
            None => {
                problems.push(CourseProblem::Required("teaching_language"));
                String::new()
            }
        };
        let seats = match get("seats").parse::<u32>() {
            Ok(n) if (1..=MAX_SEATS).contains(&n) => n,
            _ => {
                problems.push(CourseProblem::Seats);
                0
            }
        };
        let day = |f: &'static str, problems: &mut Vec<CourseProblem>| {
            let v = get(f);
            let d = parse_date(&v);
            if d.is_none() {
                problems.push(if v.is_empty() {
                    CourseProblem::Required(f)
                } else {
                    CourseProblem::Date(f)
                });
            }
            d
        };
        let first = day("first_day", &mut problems);
        let last = day("last_day", &mut problems);
        let time = |f: &'static str, problems: &mut Vec<CourseProblem>| {
            let t = parse_time(&get(f));
            if t.is_none() {
                problems.push(CourseProblem::Time(f));
            }
            t
        };
        let from = time("from", &mut problems);
        let to = time("to", &mut problems);
        let weekdays: Vec<u32> = (1..=7)
            .filter(|d| form.get(&format!("day_{d}")).is_some_and(|v| !v.is_empty()))
            .collect();
        if weekdays.is_empty() {
            problems.push(CourseProblem::NoWeekday);
        }
        let mut sessions = Vec::new();
        if let (Some(first), Some(last), Some(from), Some(to)) = (first, last, from, to) {
            if last < first {
                problems.push(CourseProblem::EndsBeforeStart);
            } else if to <= from {
                problems.push(CourseProblem::TimesReversed);
            } else if (last - first).num_days() > 366 {
                problems.push(CourseProblem::TooManySessions);
            } else if !weekdays.is_empty() {
                sessions = sessions_between(first, last, &weekdays, from, to, closures);
                if sessions.is_empty() {
                    problems.push(CourseProblem::NoSession);
                } else if sessions.len() > MAX_SESSIONS {
                    problems.push(CourseProblem::TooManySessions);
                }
            }
        }
        match kind {
            Some(kind) if problems.is_empty() => Ok(CourseDetails {
                provider: texts.remove("provider").unwrap_or_default(),
                title: texts.remove("title").unwrap_or_default(),
                kind,
                level: texts.remove("level").unwrap_or_default(),
                italian_min,
                teaching_language,
                place: texts.remove("place").unwrap_or_default(),
                seats,
                sessions,
            }),
            _ => Err(problems),
        }
    }

    pub fn total_minutes(&self) -> i64 {
        self.sessions.iter().map(|s| s.minutes()).sum()
    }
}

/// The lessons on `weekdays` (1 = Monday) from `first` to `last`, skipping closed days.
pub fn sessions_between(
    first: NaiveDate,
    last: NaiveDate,
    weekdays: &[u32],
    from: NaiveTime,
    to: NaiveTime,
    closures: &Closures,
) -> Vec<Session> {
    let mut out = Vec::new();
    let mut day = first;
    while day <= last && out.len() <= MAX_SESSIONS {
        if weekdays.contains(&day.weekday().number_from_monday()) && !closures.is_closed(day) {
            if let (Some(s), Some(e)) = (local(day, from), local(day, to)) {
                out.push(Session {
                    starts_at: s.timestamp(),
                    ends_at: e.timestamp(),
                });
            }
        }
        let Some(next) = day.checked_add_days(Days::new(1)) else {
            break;
        };
        day = next;
    }
    out
}

/// Whether someone with Italian `has` (the questionnaire's or assessment's code) meets a course's
/// prerequisite. Staff are told when not; they decide.
pub fn meets_italian(has: &str, required: &str) -> bool {
    required == "none" || italian_rank(has) >= italian_rank(required)
}

/// How much of a course a person attended, against the programme's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    pub attended_minutes: i64,
    pub total_minutes: i64,
    pub completed: bool,
}

impl Completion {
    /// `threshold_percent` of the course's hours attended completes it.
    pub fn of(attended_minutes: i64, total_minutes: i64, threshold_percent: u32) -> Completion {
        Completion {
            attended_minutes,
            total_minutes,
            completed: total_minutes > 0
                && attended_minutes * 100 >= total_minutes * i64::from(threshold_percent),
        }
    }

    pub fn share(self) -> f64 {
        if self.total_minutes == 0 {
            0.0
        } else {
            self.attended_minutes as f64 / self.total_minutes as f64
        }
    }
}

/// "12 ore", "10,5 ore" in `lang`.
pub fn hours_text(lang: Lang, minutes: i64) -> String {
    if minutes % 60 == 0 {
        lang.plural(Key::course_hours, minutes / 60, &[])
    } else {
        lang.plural_fraction(Key::course_hours, minutes as f64 / 60.0, 1)
    }
}

/// The languages of a certificate: the person's and Italian, the programme's own (once if the
/// same).
pub fn certificate_languages(person: Lang) -> Vec<Lang> {
    let italian = Lang::from_code("it").unwrap_or_default();
    if person == italian {
        vec![italian]
    } else {
        vec![person, italian]
    }
}

/// Where someone stands on a course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Enrolled,
    /// On the waiting list, at this place (1 = next).
    Waiting(i64),
    Left,
}

impl Standing {
    pub fn code(self) -> &'static str {
        match self {
            Standing::Enrolled => "enrolled",
            Standing::Waiting(_) => "waiting",
            Standing::Left => "left",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::from_unix;
    use chrono::Timelike;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn italian_course() -> BTreeMap<String, String> {
        form(&[
            ("provider", "CEFAL Bologna"),
            ("title", "Italiano per il lavoro"),
            ("kind", "italian_l2"),
            ("level", "A1 → A2"),
            ("italian_min", "none"),
            ("teaching_language", "it"),
            ("place", "Via Nazionale Toscana 1, San Lazzaro di Savena"),
            ("seats", "12"),
            ("first_day", "2027-03-30"),
            ("last_day", "2027-04-30"),
            ("from", "9:00"),
            ("to", "11:30"),
            ("day_2", "on"),
            ("day_4", "on"),
        ])
    }

    #[test]
    fn sessions_fall_on_the_chosen_weekdays_and_skip_the_days_the_programme_is_closed() {
        let c = CourseDetails::from_form(&italian_course(), &Closures::default()).unwrap();
        let days: Vec<String> = c
            .sessions
            .iter()
            .map(|s| {
                from_unix(s.starts_at)
                    .with_timezone(&crate::deadline::PROGRAMME_TZ)
                    .format("%a %d/%m %H:%M")
                    .to_string()
            })
            .collect();
        // Tuesdays and Thursdays from Tuesday 30 March 2027 (the day after Easter Monday) to
        // the end of April, at 9:00 in Rome after the change to summer time.
        assert_eq!(days.first().unwrap(), "Tue 30/03 09:00");
        assert_eq!(days.last().unwrap(), "Thu 29/04 09:00");
        assert_eq!(c.sessions.len(), 10);
        assert_eq!(c.total_minutes(), 10 * 150);
        // 1 May 2025 (a Thursday) is Labour Day: a course over it has no lesson that day.
        let mut f = italian_course();
        f.insert("first_day".into(), "2025-04-28".into());
        f.insert("last_day".into(), "01/05/2025".into());
        let c = CourseDetails::from_form(&f, &Closures::default()).unwrap();
        assert_eq!(c.sessions.len(), 1, "only Tuesday 29 April");
        assert_eq!(
            from_unix(c.sessions[0].starts_at)
                .with_timezone(&crate::deadline::PROGRAMME_TZ)
                .hour(),
            9
        );
    }

    #[test]
    fn every_problem_of_the_form_is_named_with_its_field() {
        let problems = CourseDetails::from_form(
            &form(&[
                ("kind", "traineeship"),
                ("seats", "0"),
                ("first_day", "2027-05-10"),
                ("last_day", "2027-05-01"),
                ("from", "9"),
                ("to", "11:00"),
                ("teaching_language", "xx"),
            ]),
            &Closures::default(),
        )
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field()).collect();
        for f in [
            "provider",
            "title",
            "place",
            "kind",
            "teaching_language",
            "seats",
            "from",
            "day_1",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let mut f = italian_course();
        f.insert("to".into(), "08:00".into());
        assert_eq!(
            CourseDetails::from_form(&f, &Closures::default()).unwrap_err(),
            vec![CourseProblem::TimesReversed]
        );
        let mut f = italian_course();
        f.insert("first_day".into(), "2027-04-25".into());
        f.insert("last_day".into(), "2027-04-25".into());
        assert_eq!(
            CourseDetails::from_form(&f, &Closures::default()).unwrap_err(),
            vec![CourseProblem::NoSession]
        );
        let mut f = italian_course();
        f.insert("last_day".into(), "2028-06-30".into());
        assert_eq!(
            CourseDetails::from_form(&f, &Closures::default()).unwrap_err(),
            vec![CourseProblem::TooManySessions]
        );
    }

    #[test]
    fn a_course_is_completed_at_the_threshold_share_of_its_hours() {
        assert!(Completion::of(70, 100, 70).completed);
        assert!(!Completion::of(69, 100, 70).completed);
        assert!(!Completion::of(0, 0, 70).completed);
        assert!((Completion::of(45, 60, 70).share() - 0.75).abs() < 1e-9);
    }

    #[test]
    fn italian_prerequisites_compare_levels() {
        assert!(meets_italian("A1", "none"));
        assert!(meets_italian("B1", "A2"));
        assert!(!meets_italian("A1", "A2"));
        assert!(!meets_italian("none", "A1"));
    }

    #[test]
    fn hours_read_in_the_language() {
        let it = Lang::from_code("it").unwrap();
        assert_eq!(hours_text(it, 60), "1 ora");
        assert_eq!(hours_text(it, 150), "2,5 ore");
        assert_eq!(hours_text(it, 1350), "22,5 ore");
        assert_eq!(hours_text(it, 1200), "20 ore");
        let en = Lang::from_code("en").unwrap();
        assert_eq!(hours_text(en, 90), "1.5 hours");
    }

    #[test]
    fn a_certificate_is_in_the_person_s_language_and_italian() {
        let it = Lang::from_code("it").unwrap();
        let ar = Lang::from_code("ar").unwrap();
        assert_eq!(certificate_languages(ar), vec![ar, it]);
        assert_eq!(certificate_languages(it), vec![it]);
    }
}
