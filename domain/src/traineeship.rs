//! Traineeships (tirocini) in partner companies: the terms agreed when a candidate reaches the
//! board's "traineeship" stage, the days it runs, what tutors record on those days (presence, a
//! progress note, progress on each objective, a concern), and how it ends.
use crate::board::NotSelectedReason;
use crate::i18n::{Key, Lang};
use crate::questionnaire::parse_date;
use crate::training::parse_time;
use chrono::{Datelike, Months, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A traineeship lasts at most this long (the regional rules allow 6 to 12 months; extensions
/// included).
pub const MAX_MONTHS: u32 = 12;
pub const MAX_OBJECTIVES: usize = 8;
pub const MAX_WEEKLY_HOURS: u32 = 40;
/// The highest monthly allowance the form takes, in euros (a typing error guard, not a rule).
pub const MAX_ALLOWANCE_EUROS: u32 = 3_000;
pub const NOTE_MAX_CHARS: usize = 2_000;

/// The terms of a traineeship, read from its form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub company_tutor: i64,
    pub tutor: i64,
    pub objectives: Vec<String>,
    pub weekly_hours: u32,
    /// Monday = 1 … Sunday = 7.
    pub weekdays: Vec<u32>,
    pub day_starts: NaiveTime,
    pub day_ends: NaiveTime,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub allowance_cents: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TermsProblem {
    CompanyTutor,
    Tutor,
    NoObjective,
    TooManyObjectives,
    ObjectiveTooLong,
    WeeklyHours,
    NoWeekday,
    Time(&'static str),
    TimesReversed,
    Date(&'static str),
    EndsBeforeStart,
    TooLong,
    Allowance,
}

impl TermsProblem {
    pub fn field(self) -> &'static str {
        match self {
            TermsProblem::CompanyTutor => "company_tutor",
            TermsProblem::Tutor => "tutor",
            TermsProblem::NoObjective
            | TermsProblem::TooManyObjectives
            | TermsProblem::ObjectiveTooLong => "objectives",
            TermsProblem::WeeklyHours => "weekly_hours",
            TermsProblem::NoWeekday => "day_1",
            TermsProblem::Time(f) | TermsProblem::Date(f) => f,
            TermsProblem::TimesReversed => "to",
            TermsProblem::EndsBeforeStart | TermsProblem::TooLong => "end",
            TermsProblem::Allowance => "allowance",
        }
    }

    pub fn key(self) -> Key {
        match self {
            TermsProblem::CompanyTutor => Key::traineeship_err_company_tutor,
            TermsProblem::Tutor => Key::traineeship_err_tutor,
            TermsProblem::NoObjective => Key::traineeship_err_no_objective,
            TermsProblem::TooManyObjectives => Key::traineeship_err_too_many_objectives,
            TermsProblem::ObjectiveTooLong => Key::traineeship_err_objective_long,
            TermsProblem::WeeklyHours => Key::traineeship_err_hours,
            TermsProblem::NoWeekday => Key::course_err_weekday,
            TermsProblem::Time(_) => Key::course_err_time,
            TermsProblem::TimesReversed => Key::course_err_times,
            TermsProblem::Date(_) => Key::course_err_date,
            TermsProblem::EndsBeforeStart => Key::course_err_dates,
            TermsProblem::TooLong => Key::traineeship_err_too_long,
            TermsProblem::Allowance => Key::traineeship_err_allowance,
        }
    }
}

/// Euros as typed ("500", "450,50", "1.200"), in cents.
pub(crate) fn parse_euros(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches('€').trim().replace(' ', "");
    if s.is_empty() {
        return None;
    }
    // "1.200" and "1.200,50" use the dot to group thousands; "450.50" uses it for decimals.
    let (whole, cents) = match s.rsplit_once([',', '.']) {
        Some((w, c)) if c.len() <= 2 && !(c.len() == 3 && s.contains('.')) => {
            (w.replace(['.', ','], ""), c.to_owned())
        }
        _ => (s.replace(['.', ','], ""), String::new()),
    };
    let whole: i64 = whole.parse().ok()?;
    let cents: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().ok()? * 10,
        _ => cents.parse().ok()?,
    };
    Some(whole * 100 + cents)
}

impl Terms {
    /// Reads the traineeship form. `company_tutors` and `tutors` are the accounts that may be
    /// chosen (the company's contacts, the programme's tutors).
    pub fn from_form(
        form: &BTreeMap<String, String>,
        company_tutors: &[i64],
        tutors: &[i64],
    ) -> Result<Terms, Vec<TermsProblem>> {
        let get = |f: &str| form.get(f).map(|v| v.trim().to_owned()).unwrap_or_default();
        let mut problems = Vec::new();
        let pick =
            |f: &str, among: &[i64]| get(f).parse::<i64>().ok().filter(|v| among.contains(v));
        let company_tutor = pick("company_tutor", company_tutors);
        if company_tutor.is_none() {
            problems.push(TermsProblem::CompanyTutor);
        }
        let tutor = pick("tutor", tutors);
        if tutor.is_none() {
            problems.push(TermsProblem::Tutor);
        }
        let objectives: Vec<String> = get("objectives")
            .lines()
            .map(|l| {
                l.trim()
                    .trim_start_matches(['-', '*', '•'])
                    .trim()
                    .to_owned()
            })
            .filter(|l| !l.is_empty())
            .collect();
        if objectives.is_empty() {
            problems.push(TermsProblem::NoObjective);
        } else if objectives.len() > MAX_OBJECTIVES {
            problems.push(TermsProblem::TooManyObjectives);
        } else if objectives.iter().any(|o| o.chars().count() > 200) {
            problems.push(TermsProblem::ObjectiveTooLong);
        }
        let weekly_hours = match get("weekly_hours").parse::<u32>() {
            Ok(h) if (1..=MAX_WEEKLY_HOURS).contains(&h) => h,
            _ => {
                problems.push(TermsProblem::WeeklyHours);
                0
            }
        };
        let weekdays: Vec<u32> = (1..=7)
            .filter(|d| form.get(&format!("day_{d}")).is_some_and(|v| !v.is_empty()))
            .collect();
        if weekdays.is_empty() {
            problems.push(TermsProblem::NoWeekday);
        }
        let mut time = |f: &'static str| {
            let t = parse_time(&get(f));
            if t.is_none() {
                problems.push(TermsProblem::Time(f));
            }
            t
        };
        let (from, to) = (time("from"), time("to"));
        if let (Some(from), Some(to)) = (from, to) {
            if to <= from {
                problems.push(TermsProblem::TimesReversed);
            }
        }
        let mut day = |f: &'static str| {
            let d = parse_date(&get(f));
            if d.is_none() {
                problems.push(TermsProblem::Date(f));
            }
            d
        };
        let (start, end) = (day("start"), day("end"));
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                problems.push(TermsProblem::EndsBeforeStart);
            } else if !within_limit(start, end) {
                problems.push(TermsProblem::TooLong);
            }
        }
        let allowance = parse_euros(&get("allowance"))
            .filter(|c| (0..=i64::from(MAX_ALLOWANCE_EUROS) * 100).contains(c));
        if allowance.is_none() {
            problems.push(TermsProblem::Allowance);
        }
        match (company_tutor, tutor, from, to, start, end, allowance) {
            (
                Some(company_tutor),
                Some(tutor),
                Some(day_starts),
                Some(day_ends),
                Some(start),
                Some(end),
                Some(allowance_cents),
            ) if problems.is_empty() => Ok(Terms {
                company_tutor,
                tutor,
                objectives,
                weekly_hours,
                weekdays,
                day_starts,
                day_ends,
                start,
                end,
                allowance_cents,
            }),
            _ => Err(problems),
        }
    }
}

/// Whether a traineeship from `start` to `end` stays within [`MAX_MONTHS`].
pub fn within_limit(start: NaiveDate, end: NaiveDate) -> bool {
    start
        .checked_add_months(Months::new(MAX_MONTHS))
        .is_some_and(|limit| end <= limit)
}

/// The weekdays as stored: Monday = bit 0 … Sunday = bit 6.
pub fn weekday_bits(weekdays: &[u32]) -> i64 {
    weekdays
        .iter()
        .filter(|d| (1..=7).contains(*d))
        .fold(0, |bits, d| bits | 1 << (d - 1))
}

pub fn weekdays_of(bits: i64) -> Vec<u32> {
    (1..=7).filter(|d| bits & (1 << (d - 1)) != 0).collect()
}

/// Whether the trainee is expected at the company on `day`.
pub fn runs_on(bits: i64, start: NaiveDate, end: NaiveDate, day: NaiveDate) -> bool {
    (start..=end).contains(&day) && bits & (1 << day.weekday().num_days_from_monday()) != 0
}

/// "lunedì, mercoledì, venerdì" in the language.
pub fn weekdays_text(lang: Lang, bits: i64) -> String {
    let names: Vec<&str> = weekdays_of(bits)
        .iter()
        .map(|d| lang.t(crate::i18n::WEEKDAY_KEYS[*d as usize - 1]))
        .collect();
    names.join(", ")
}

/// "450,00 €" in the language.
pub fn euros_text(lang: Lang, cents: i64) -> String {
    lang.tf(
        Key::money_euros,
        &[("amount", &lang.decimal(cents as f64 / 100.0, 2))],
    )
}

/// A day's presence at the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Presence {
    Present,
    Absent,
    /// Absent with a reason the company accepted (illness, an appointment).
    Justified,
}

impl Presence {
    pub const ALL: [Presence; 3] = [Presence::Present, Presence::Absent, Presence::Justified];

    pub fn code(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Absent => "absent",
            Presence::Justified => "justified",
        }
    }

    pub fn from_code(code: &str) -> Option<Presence> {
        Presence::ALL.into_iter().find(|p| p.code() == code.trim())
    }

    pub fn key(self) -> Key {
        match self {
            Presence::Present => Key::presence_present,
            Presence::Absent => Key::presence_absent,
            Presence::Justified => Key::presence_justified,
        }
    }
}

/// How far the trainee is on one objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Progress {
    NotStarted,
    InProgress,
    Reached,
}

impl Progress {
    pub const ALL: [Progress; 3] = [
        Progress::NotStarted,
        Progress::InProgress,
        Progress::Reached,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Progress::NotStarted => "not_started",
            Progress::InProgress => "in_progress",
            Progress::Reached => "reached",
        }
    }

    pub fn from_code(code: &str) -> Option<Progress> {
        Progress::ALL.into_iter().find(|p| p.code() == code.trim())
    }

    pub fn key(self) -> Key {
        match self {
            Progress::NotStarted => Key::objective_not_started,
            Progress::InProgress => Key::objective_in_progress,
            Progress::Reached => Key::objective_reached,
        }
    }
}

/// The phrases a tutor can tap instead of typing, each a code stored with the note.
pub const NOTE_PRESETS: [(&str, Key); 6] = [
    ("on_time", Key::note_preset_on_time),
    ("engaged", Key::note_preset_engaged),
    ("learning", Key::note_preset_learning),
    ("team", Key::note_preset_team),
    ("needs_support", Key::note_preset_needs_support),
    ("worried", Key::note_preset_worried),
];

pub fn preset_key(code: &str) -> Option<Key> {
    NOTE_PRESETS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, k)| *k)
}

/// A tutor's progress note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub presets: Vec<String>,
    pub text: String,
    /// Something the professional who owns the case must know about.
    pub concern: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoteProblem {
    Empty,
    TooLong,
}

impl NoteProblem {
    pub fn key(self) -> Key {
        match self {
            NoteProblem::Empty => Key::note_err_empty,
            NoteProblem::TooLong => Key::note_err_too_long,
        }
    }
}

impl Note {
    /// Reads a note: preset boxes `preset_{code}`, free text `text`, the `concern` box. A note says
    /// something: a preset or some text.
    pub fn from_form(form: &BTreeMap<String, String>) -> Result<Note, NoteProblem> {
        let on = |f: &str| form.get(f).is_some_and(|v| !v.trim().is_empty());
        let presets: Vec<String> = NOTE_PRESETS
            .iter()
            .filter(|(c, _)| on(&format!("preset_{c}")))
            .map(|(c, _)| (*c).to_owned())
            .collect();
        let text = form
            .get("text")
            .map(|t| t.trim().to_owned())
            .unwrap_or_default();
        if text.chars().count() > NOTE_MAX_CHARS {
            return Err(NoteProblem::TooLong);
        }
        if presets.is_empty() && text.is_empty() {
            return Err(NoteProblem::Empty);
        }
        Ok(Note {
            presets,
            text,
            concern: on("concern"),
        })
    }
}

/// How a traineeship ends, which the board follows: hired, extended, or ended for a coded reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndReason {
    /// Completed, and the company does not hire.
    CompletedNotHired,
    /// The trainee left.
    DroppedOut,
    /// The company ended it early.
    CompanyEnded,
    Health,
    Other,
}

impl EndReason {
    pub const ALL: [EndReason; 5] = [
        EndReason::CompletedNotHired,
        EndReason::DroppedOut,
        EndReason::CompanyEnded,
        EndReason::Health,
        EndReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EndReason::CompletedNotHired => "completed_not_hired",
            EndReason::DroppedOut => "dropped_out",
            EndReason::CompanyEnded => "company_ended",
            EndReason::Health => "health",
            EndReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<EndReason> {
        EndReason::ALL.into_iter().find(|r| r.code() == code.trim())
    }

    pub fn key(self) -> Key {
        match self {
            EndReason::CompletedNotHired => Key::traineeship_end_completed,
            EndReason::DroppedOut => Key::traineeship_end_dropped_out,
            EndReason::CompanyEnded => Key::traineeship_end_company,
            EndReason::Health => Key::traineeship_end_health,
            EndReason::Other => Key::traineeship_end_other,
        }
    }

    /// The board's reason for a candidate whose traineeship ended without a hire.
    pub fn board_reason(self) -> NotSelectedReason {
        match self {
            EndReason::DroppedOut => NotSelectedReason::CandidateDeclined,
            _ => NotSelectedReason::Other,
        }
    }
}

/// The company tutor's evaluation: halfway through, and at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvaluationKind {
    Midterm,
    Final,
}

impl EvaluationKind {
    pub const ALL: [EvaluationKind; 2] = [EvaluationKind::Midterm, EvaluationKind::Final];

    pub fn code(self) -> &'static str {
        match self {
            EvaluationKind::Midterm => "midterm",
            EvaluationKind::Final => "final",
        }
    }

    pub fn from_code(code: &str) -> Option<EvaluationKind> {
        EvaluationKind::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
    }

    pub fn key(self) -> Key {
        match self {
            EvaluationKind::Midterm => Key::evaluation_midterm,
            EvaluationKind::Final => Key::evaluation_final,
        }
    }
}

/// What the company tutor recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recommendation {
    Hire,
    Extend,
    NotYet,
    NotSuitable,
}

impl Recommendation {
    pub const ALL: [Recommendation; 4] = [
        Recommendation::Hire,
        Recommendation::Extend,
        Recommendation::NotYet,
        Recommendation::NotSuitable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Recommendation::Hire => "hire",
            Recommendation::Extend => "extend",
            Recommendation::NotYet => "not_yet",
            Recommendation::NotSuitable => "not_suitable",
        }
    }

    pub fn from_code(code: &str) -> Option<Recommendation> {
        Recommendation::ALL
            .into_iter()
            .find(|r| r.code() == code.trim())
    }

    pub fn key(self) -> Key {
        match self {
            Recommendation::Hire => Key::evaluation_hire,
            Recommendation::Extend => Key::evaluation_extend,
            Recommendation::NotYet => Key::evaluation_not_yet,
            Recommendation::NotSuitable => Key::evaluation_not_suitable,
        }
    }
}

/// The four steps of punctuality and autonomy, 1 (to improve) to 4 (excellent).
pub const SCALE: [Key; 4] = [
    Key::evaluation_scale_1,
    Key::evaluation_scale_2,
    Key::evaluation_scale_3,
    Key::evaluation_scale_4,
];

pub const SKILLS_MAX_CHARS: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub kind: EvaluationKind,
    /// The skills the company tutor saw at work, in their words.
    pub skills: String,
    pub punctuality: u8,
    pub autonomy: u8,
    pub recommendation: Recommendation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvaluationProblem {
    Kind,
    Skills,
    SkillsTooLong,
    Punctuality,
    Autonomy,
    Recommendation,
}

impl EvaluationProblem {
    pub fn field(self) -> &'static str {
        match self {
            EvaluationProblem::Kind => "kind",
            EvaluationProblem::Skills | EvaluationProblem::SkillsTooLong => "skills",
            EvaluationProblem::Punctuality => "punctuality",
            EvaluationProblem::Autonomy => "autonomy",
            EvaluationProblem::Recommendation => "recommendation",
        }
    }

    pub fn key(self) -> Key {
        match self {
            EvaluationProblem::Kind => Key::evaluation_err_kind,
            EvaluationProblem::Skills => Key::evaluation_err_skills,
            EvaluationProblem::SkillsTooLong => Key::evaluation_err_skills_long,
            EvaluationProblem::Punctuality | EvaluationProblem::Autonomy => {
                Key::evaluation_err_scale
            }
            EvaluationProblem::Recommendation => Key::evaluation_err_recommendation,
        }
    }
}

impl Evaluation {
    pub fn from_form(
        form: &BTreeMap<String, String>,
    ) -> Result<Evaluation, Vec<EvaluationProblem>> {
        let get = |f: &str| form.get(f).map(|v| v.trim().to_owned()).unwrap_or_default();
        let mut problems = Vec::new();
        let kind = EvaluationKind::from_code(&get("kind"));
        if kind.is_none() {
            problems.push(EvaluationProblem::Kind);
        }
        let skills = get("skills");
        if skills.is_empty() {
            problems.push(EvaluationProblem::Skills);
        } else if skills.chars().count() > SKILLS_MAX_CHARS {
            problems.push(EvaluationProblem::SkillsTooLong);
        }
        let step = |f: &str| get(f).parse::<u8>().ok().filter(|n| (1..=4).contains(n));
        let punctuality = step("punctuality");
        if punctuality.is_none() {
            problems.push(EvaluationProblem::Punctuality);
        }
        let autonomy = step("autonomy");
        if autonomy.is_none() {
            problems.push(EvaluationProblem::Autonomy);
        }
        let recommendation = Recommendation::from_code(&get("recommendation"));
        if recommendation.is_none() {
            problems.push(EvaluationProblem::Recommendation);
        }
        match (kind, punctuality, autonomy, recommendation) {
            (Some(kind), Some(punctuality), Some(autonomy), Some(recommendation))
                if problems.is_empty() =>
            {
                Ok(Evaluation {
                    kind,
                    skills,
                    punctuality,
                    autonomy,
                    recommendation,
                })
            }
            _ => Err(problems),
        }
    }
}

/// Whether a tutor's idempotency key is well formed: what the page or the device made up, 16 to 64
/// letters, digits and dashes.
pub fn valid_key(key: &str) -> bool {
    (16..=64).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn good() -> BTreeMap<String, String> {
        form(&[
            ("company_tutor", "7"),
            ("tutor", "3"),
            ("objectives", "- Use the till\n\n* Stock the shelves\n"),
            ("weekly_hours", "24"),
            ("day_1", "on"),
            ("day_3", "on"),
            ("day_5", "on"),
            ("from", "9.00"),
            ("to", "17:00"),
            ("start", "2027-02-01"),
            ("end", "2027-07-31"),
            ("allowance", "450,50"),
        ])
    }

    #[test]
    fn the_terms_are_read_from_the_form() {
        let t = Terms::from_form(&good(), &[7, 8], &[3]).unwrap();
        assert_eq!(t.objectives, ["Use the till", "Stock the shelves"]);
        assert_eq!(t.weekdays, [1, 3, 5]);
        assert_eq!(t.day_starts, NaiveTime::from_hms_opt(9, 0, 0).unwrap());
        assert_eq!(t.allowance_cents, 45_050);
        assert_eq!(weekday_bits(&t.weekdays), 0b10101);
        assert_eq!(weekdays_of(0b10101), [1, 3, 5]);
    }

    #[test]
    fn every_problem_of_the_terms_is_named_with_its_field() {
        let mut f = good();
        f.insert("company_tutor".into(), "9".into());
        f.insert("tutor".into(), "".into());
        f.insert("objectives".into(), " \n ".into());
        f.insert("weekly_hours".into(), "41".into());
        f.remove("day_1");
        f.remove("day_3");
        f.remove("day_5");
        f.insert("to".into(), "08:00".into());
        f.insert("end".into(), "2028-02-02".into());
        f.insert("allowance".into(), "-5".into());
        let problems = Terms::from_form(&f, &[7], &[3]).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field()).collect();
        assert_eq!(
            fields,
            [
                "company_tutor",
                "tutor",
                "objectives",
                "weekly_hours",
                "day_1",
                "to",
                "end",
                "allowance"
            ]
        );
        assert!(problems.contains(&TermsProblem::TooLong));
        let mut f = good();
        f.insert("end".into(), "2027-01-31".into());
        assert_eq!(
            Terms::from_form(&f, &[7], &[3]).unwrap_err(),
            [TermsProblem::EndsBeforeStart]
        );
    }

    #[test]
    fn euros_are_read_as_people_type_them() {
        assert_eq!(parse_euros("500"), Some(50_000));
        assert_eq!(parse_euros("450,5"), Some(45_050));
        assert_eq!(parse_euros("€ 1.200"), Some(120_000));
        assert_eq!(parse_euros("1.200,50"), Some(120_050));
        assert_eq!(parse_euros("450.50"), Some(45_050));
        assert_eq!(parse_euros("abc"), None);
        assert_eq!(parse_euros(""), None);
    }

    #[test]
    fn a_traineeship_runs_on_its_weekdays_between_its_dates() {
        let start = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2027, 2, 28).unwrap();
        let bits = weekday_bits(&[1, 3]);
        let day = |d| NaiveDate::from_ymd_opt(2027, 2, d).unwrap();
        assert!(runs_on(bits, start, end, day(1))); // Monday
        assert!(!runs_on(bits, start, end, day(2))); // Tuesday
        assert!(runs_on(bits, start, end, day(3))); // Wednesday
        assert!(!runs_on(
            bits,
            start,
            end,
            NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
        ));
        assert!(within_limit(
            start,
            NaiveDate::from_ymd_opt(2028, 2, 1).unwrap()
        ));
        assert!(!within_limit(
            start,
            NaiveDate::from_ymd_opt(2028, 2, 2).unwrap()
        ));
    }

    #[test]
    fn a_note_says_something_and_keeps_its_presets() {
        let n = Note::from_form(&form(&[
            ("preset_on_time", "on"),
            ("preset_team", "on"),
            ("text", " ok "),
            ("concern", "on"),
        ]))
        .unwrap();
        assert_eq!(n.presets, ["on_time", "team"]);
        assert_eq!(n.text, "ok");
        assert!(n.concern);
        assert_eq!(
            Note::from_form(&form(&[("text", "  ")])),
            Err(NoteProblem::Empty)
        );
        assert_eq!(
            Note::from_form(&form(&[("text", &"x".repeat(NOTE_MAX_CHARS + 1))])),
            Err(NoteProblem::TooLong)
        );
        assert_eq!(preset_key("team"), Some(Key::note_preset_team));
    }

    #[test]
    fn an_evaluation_needs_every_answer() {
        let e = Evaluation::from_form(&form(&[
            ("kind", "final"),
            ("skills", "Usa il palmare, prepara gli ordini"),
            ("punctuality", "4"),
            ("autonomy", "3"),
            ("recommendation", "hire"),
        ]))
        .unwrap();
        assert_eq!(
            (e.kind, e.punctuality, e.autonomy),
            (EvaluationKind::Final, 4, 3)
        );
        assert_eq!(e.recommendation, Recommendation::Hire);
        let problems = Evaluation::from_form(&form(&[("punctuality", "5")])).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field()).collect();
        assert_eq!(
            fields,
            [
                "kind",
                "skills",
                "punctuality",
                "autonomy",
                "recommendation"
            ]
        );
    }

    #[test]
    fn idempotency_keys_are_checked() {
        assert!(valid_key("0f9c2d1e-7a4b-4c2d-9e8f-1a2b3c4d5e6f"));
        assert!(!valid_key("short"));
        assert!(!valid_key("has spaces in it, too long"));
        assert!(!valid_key(&"a".repeat(65)));
    }

    #[test]
    fn codes_read_back() {
        for p in Presence::ALL {
            assert_eq!(Presence::from_code(p.code()), Some(p));
        }
        for p in Progress::ALL {
            assert_eq!(Progress::from_code(p.code()), Some(p));
        }
        for r in EndReason::ALL {
            assert_eq!(EndReason::from_code(r.code()), Some(r));
        }
        assert_eq!(
            EndReason::DroppedOut.board_reason(),
            NotSelectedReason::CandidateDeclined
        );
    }
}
