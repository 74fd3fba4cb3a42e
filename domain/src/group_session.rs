//! Group sessions: the information and motivation meetings the programme holds for several
//! people at once, in a room or by video. A session has a date and hours, a place or a video
//! link (or both), a number of seats and the language it is held in. People are invited one by
//! one; none of them ever sees who else is coming.
use crate::availability::local;
use crate::case::CaseState;
use crate::holidays::Closures;
use crate::i18n::{Key, Lang};
use crate::questionnaire::parse_date;
use crate::training::parse_time;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const MAX_SEATS: u32 = 200;
/// The reminder goes out this long before the session starts.
pub const REMINDER_HOURS: i64 = 24;
/// Attendance can be taken from this long before the start (people arrive early; the room opens).
pub const REGISTER_OPENS_SECS: i64 = 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Topic {
    /// What the programme offers and how it works: often before the assessment interview.
    Information,
    /// Group motivation: part of a personal plan.
    Motivation,
}

impl Topic {
    pub const ALL: [Topic; 2] = [Topic::Information, Topic::Motivation];

    pub fn code(self) -> &'static str {
        match self {
            Topic::Information => "information",
            Topic::Motivation => "motivation",
        }
    }

    pub fn from_code(code: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> Key {
        match self {
            Topic::Information => Key::group_topic_information,
            Topic::Motivation => Key::group_topic_motivation,
        }
    }

    /// The cases the session's page offers to invite in a batch: people still waiting for their
    /// assessment for an information meeting, people on a path for a motivation group.
    pub fn offered_to(self) -> &'static [CaseState] {
        match self {
            Topic::Information => &[
                CaseState::Received,
                CaseState::Contacted,
                CaseState::InterviewBooked,
            ],
            Topic::Motivation => &[CaseState::Assessed, CaseState::InPath],
        }
    }
}

/// Whether someone whose case is in `state` can be invited at all: an open case whose path is
/// not on hold.
pub fn may_be_invited(state: CaseState) -> bool {
    state.is_open() && state != CaseState::Suspended
}

/// Where a person stands with one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Invitation {
    Invited,
    /// The person said they cannot come; their seat is free again.
    Declined,
    /// Taken off by the programme (or by their withdrawal from it).
    Removed,
}

impl Invitation {
    pub fn code(self) -> &'static str {
        match self {
            Invitation::Invited => "invited",
            Invitation::Declined => "declined",
            Invitation::Removed => "removed",
        }
    }

    pub fn from_code(code: &str) -> Option<Invitation> {
        [
            Invitation::Invited,
            Invitation::Declined,
            Invitation::Removed,
        ]
        .into_iter()
        .find(|i| i.code() == code)
    }
}

/// A session as the form describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDetails {
    pub topic: Topic,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// The address of the room; empty for a video-only session.
    pub place: String,
    /// An https link; empty for a session in a room only.
    pub video_link: String,
    pub seats: u32,
    /// The language it is held in (a language code).
    pub language: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionProblem {
    Required(&'static str),
    TooLong(&'static str),
    Seats,
    Date,
    Past,
    Closed,
    Time(&'static str),
    TimesReversed,
    NoVenue,
    Link,
}

impl SessionProblem {
    pub fn field(self) -> &'static str {
        match self {
            SessionProblem::Required(f) | SessionProblem::TooLong(f) | SessionProblem::Time(f) => f,
            SessionProblem::Seats => "seats",
            SessionProblem::Date | SessionProblem::Past | SessionProblem::Closed => "day",
            SessionProblem::TimesReversed => "to",
            SessionProblem::NoVenue => "place",
            SessionProblem::Link => "video_link",
        }
    }

    pub fn key(self) -> Key {
        match self {
            SessionProblem::Required(_) => Key::group_err_required,
            SessionProblem::TooLong(_) => Key::group_err_too_long,
            SessionProblem::Seats => Key::group_err_seats,
            SessionProblem::Date => Key::group_err_date,
            SessionProblem::Past => Key::group_err_past,
            SessionProblem::Closed => Key::group_err_closed,
            SessionProblem::Time(_) => Key::group_err_time,
            SessionProblem::TimesReversed => Key::group_err_times,
            SessionProblem::NoVenue => Key::group_err_venue,
            SessionProblem::Link => Key::group_err_link,
        }
    }
}

/// An https address with a host and nothing a message could break on (spaces, quotes, angle
/// brackets): the link goes into SMS, email and calendar invitations as it is.
pub fn valid_video_link(link: &str) -> bool {
    let Some(rest) = link.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    link.len() <= 300
        && host.contains('.')
        && !host.starts_with('.')
        && !link
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c))
}

impl SessionDetails {
    /// Reads the form. `now` keeps sessions out of the past; `closures` out of the days the
    /// programme is closed.
    pub fn from_form(
        form: &BTreeMap<String, String>,
        closures: &Closures,
        now: i64,
    ) -> Result<SessionDetails, Vec<SessionProblem>> {
        let get = |f: &str| form.get(f).map(|v| v.trim().to_owned()).unwrap_or_default();
        let mut problems = Vec::new();
        let title = get("title");
        if title.is_empty() {
            problems.push(SessionProblem::Required("title"));
        } else if title.chars().count() > 120 {
            problems.push(SessionProblem::TooLong("title"));
        }
        let place = get("place");
        if place.chars().count() > 200 {
            problems.push(SessionProblem::TooLong("place"));
        }
        let video_link = get("video_link");
        if !video_link.is_empty() && !valid_video_link(&video_link) {
            problems.push(SessionProblem::Link);
        }
        if place.is_empty() && video_link.is_empty() {
            problems.push(SessionProblem::NoVenue);
        }
        let topic = Topic::from_code(&get("topic"));
        if topic.is_none() {
            problems.push(SessionProblem::Required("topic"));
        }
        let language = match Lang::from_code(&get("language")) {
            Some(l) => l.code().to_owned(),
            None => {
                problems.push(SessionProblem::Required("language"));
                String::new()
            }
        };
        let seats = match get("seats").parse::<u32>() {
            Ok(n) if (1..=MAX_SEATS).contains(&n) => n,
            _ => {
                problems.push(SessionProblem::Seats);
                0
            }
        };
        let day_text = get("day");
        let day = parse_date(&day_text);
        if day.is_none() {
            problems.push(if day_text.is_empty() {
                SessionProblem::Required("day")
            } else {
                SessionProblem::Date
            });
        }
        let from = parse_time(&get("from"));
        if from.is_none() {
            problems.push(SessionProblem::Time("from"));
        }
        let to = parse_time(&get("to"));
        if to.is_none() {
            problems.push(SessionProblem::Time("to"));
        }
        let mut times = None;
        if let (Some(day), Some(from), Some(to)) = (day, from, to) {
            if to <= from {
                problems.push(SessionProblem::TimesReversed);
            } else if closures.is_closed(day) {
                problems.push(SessionProblem::Closed);
            } else {
                match (local(day, from), local(day, to)) {
                    (Some(s), Some(_)) if s.timestamp() <= now => {
                        problems.push(SessionProblem::Past)
                    }
                    (Some(s), Some(e)) => times = Some((s.timestamp(), e.timestamp())),
                    _ => problems.push(SessionProblem::Time("from")),
                }
            }
        }
        match (topic, times) {
            (Some(topic), Some((starts_at, ends_at))) if problems.is_empty() => {
                Ok(SessionDetails {
                    topic,
                    title,
                    starts_at,
                    ends_at,
                    place,
                    video_link,
                    seats,
                    language,
                })
            }
            _ => Err(problems),
        }
    }
}

/// Whether attendance can be taken at `now` for a session starting at `starts_at`.
pub fn register_open(starts_at: i64, now: i64) -> bool {
    now >= starts_at - REGISTER_OPENS_SECS
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut f: BTreeMap<String, String> = [
            ("topic", "information"),
            ("title", "Incontro informativo"),
            ("day", "2027-03-10"),
            ("from", "10:00"),
            ("to", "11:30"),
            ("place", "Via Sant'Isaia 90, Bologna"),
            ("seats", "20"),
            ("language", "it"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        for (k, v) in pairs {
            f.insert((*k).to_owned(), (*v).to_owned());
        }
        f
    }

    fn closures() -> Closures {
        Closures {
            patron_day: Some((10, 4)),
            extra: vec![NaiveDate::from_ymd_opt(2027, 3, 12).unwrap()],
        }
    }

    const NOW: i64 = 1_790_000_000; // September 2026

    #[test]
    fn a_session_is_read_in_rome_time() {
        let s = SessionDetails::from_form(&form(&[]), &closures(), NOW).unwrap();
        let rome = crate::deadline::PROGRAMME_TZ;
        let start = rome.with_ymd_and_hms(2027, 3, 10, 10, 0, 0).unwrap();
        assert_eq!(s.starts_at, start.timestamp());
        assert_eq!(s.ends_at - s.starts_at, 90 * 60);
        assert_eq!(s.topic, Topic::Information);
        assert_eq!(s.seats, 20);
    }

    #[test]
    fn a_video_link_alone_is_a_venue_and_must_be_https() {
        let f = form(&[
            ("place", ""),
            ("video_link", "https://meet.example.org/insieme-10"),
        ]);
        let s = SessionDetails::from_form(&f, &closures(), NOW).unwrap();
        assert!(s.place.is_empty());
        let f = form(&[("place", ""), ("video_link", "http://meet.example.org/x")]);
        assert_eq!(
            SessionDetails::from_form(&f, &closures(), NOW).unwrap_err(),
            vec![SessionProblem::Link]
        );
        let f = form(&[("place", ""), ("video_link", "")]);
        assert_eq!(
            SessionDetails::from_form(&f, &closures(), NOW).unwrap_err(),
            vec![SessionProblem::NoVenue]
        );
        assert!(!valid_video_link("https://meet.example.org/a b"));
        assert!(!valid_video_link("https://meet.example.org/\"><script>"));
        assert!(!valid_video_link("https:///path"));
        assert!(!valid_video_link("https://localhost/x"));
    }

    #[test]
    fn a_session_cannot_be_in_the_past_on_a_closed_day_or_backwards() {
        let f = form(&[("day", "2020-03-10")]);
        assert_eq!(
            SessionDetails::from_form(&f, &closures(), NOW).unwrap_err(),
            vec![SessionProblem::Past]
        );
        let f = form(&[("day", "2027-03-12")]);
        assert_eq!(
            SessionDetails::from_form(&f, &closures(), NOW).unwrap_err(),
            vec![SessionProblem::Closed]
        );
        let f = form(&[("day", "2027-10-04")]);
        assert_eq!(
            SessionDetails::from_form(&f, &closures(), NOW).unwrap_err(),
            vec![SessionProblem::Closed]
        );
        let f = form(&[("to", "09:00")]);
        assert_eq!(
            SessionDetails::from_form(&f, &closures(), NOW).unwrap_err(),
            vec![SessionProblem::TimesReversed]
        );
    }

    #[test]
    fn every_problem_names_its_field() {
        let f = form(&[
            ("title", ""),
            ("seats", "0"),
            ("topic", "party"),
            ("language", "xx"),
            ("day", "10 marzo"),
            ("from", "dieci"),
        ]);
        let problems = SessionDetails::from_form(&f, &closures(), NOW).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field()).collect();
        for want in ["title", "seats", "topic", "language", "day", "from"] {
            assert!(fields.contains(&want), "{want} in {fields:?}");
        }
        let f = form(&[("seats", "201")]);
        assert_eq!(
            SessionDetails::from_form(&f, &closures(), NOW).unwrap_err(),
            vec![SessionProblem::Seats]
        );
    }

    #[test]
    fn the_register_opens_an_hour_before() {
        assert!(!register_open(10_000, 10_000 - 3601));
        assert!(register_open(10_000, 10_000 - 3600));
        assert!(register_open(10_000, 20_000));
    }

    #[test]
    fn only_open_cases_not_on_hold_are_invited() {
        assert!(may_be_invited(CaseState::Received));
        assert!(may_be_invited(CaseState::InPath));
        assert!(!may_be_invited(CaseState::Suspended));
        assert!(!may_be_invited(CaseState::Placed));
        assert!(!may_be_invited(CaseState::Closed));
        for t in Topic::ALL {
            assert!(t.offered_to().iter().all(|s| may_be_invited(*s)));
        }
    }

    #[test]
    fn codes_read_back() {
        for t in Topic::ALL {
            assert_eq!(Topic::from_code(t.code()), Some(t));
        }
        for i in [
            Invitation::Invited,
            Invitation::Declined,
            Invitation::Removed,
        ] {
            assert_eq!(Invitation::from_code(i.code()), Some(i));
        }
    }
}
