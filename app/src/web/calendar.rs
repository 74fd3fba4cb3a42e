//! Calendar invitations (RFC 5545) for what people are booked on: one event per booking, with a
//! stable UID. A booking sends a REQUEST; when it is moved or cancelled, a CANCEL with a higher
//! SEQUENCE makes the event disappear from the person's calendar. The `icalendar` crate writes
//! the text (escaping, lines folded at 75 octets).
use crate::config::Config;
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

/// One booked event as the person's calendar should show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// Stable for the booking: the CANCEL names the event the REQUEST created.
    pub uid: String,
    pub summary: String,
    pub location: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Who sends it: the programme's address.
    pub organizer: String,
}

/// The first version of an event; a cancellation comes after it.
const REQUEST_SEQUENCE: u32 = 0;
const CANCEL_SEQUENCE: u32 = 1;

impl Invitation {
    fn event(&self, cancel: bool, sequence: u32, now: DateTime<Utc>) -> Event {
        let mut event = Event::new();
        event
            .uid(&self.uid)
            .sequence(sequence)
            .timestamp(now)
            .starts(self.starts_at)
            .ends(self.ends_at)
            .summary(&self.summary)
            .location(&self.location)
            .append_property(
                Property::new("ORGANIZER", format!("mailto:{}", self.organizer))
                    .add_parameter("CN", "Insieme per il lavoro")
                    .done(),
            );
        if cancel {
            event.status(EventStatus::Cancelled);
        }
        event.done()
    }

    fn calendar(&self, method: &str, sequence: u32, now: DateTime<Utc>) -> String {
        Calendar::new()
            .append_property(Property::new("METHOD", method))
            .push(self.event(method == "CANCEL", sequence, now))
            .done()
            .to_string()
    }

    /// The invitation to add the event.
    pub fn request(&self, now: DateTime<Utc>) -> String {
        self.calendar("REQUEST", REQUEST_SEQUENCE, now)
    }

    /// The message that removes the event (moved elsewhere or cancelled).
    pub fn cancel(&self, now: DateTime<Utc>) -> String {
        self.calendar("CANCEL", CANCEL_SEQUENCE, now)
    }
}

/// The host of the public address, without its port: the right-hand side of every UID.
pub fn host(config: &Config) -> String {
    config
        .public_base_url
        .split("://")
        .nth(1)
        .unwrap_or("insieme")
        .split(['/', ':'])
        .next()
        .unwrap_or("insieme")
        .to_owned()
}

/// Who sends invitations: the address mail goes out from, or `noreply@` the host.
pub fn organizer(config: &Config) -> String {
    config
        .smtp
        .as_ref()
        .and_then(|s| {
            let from = s.from.trim();
            let address = match (from.find('<'), from.rfind('>')) {
                (Some(a), Some(b)) if a < b => &from[a + 1..b],
                _ => from,
            };
            address.contains('@').then(|| address.to_owned())
        })
        .unwrap_or_else(|| format!("noreply@{}", host(config)))
}

/// Several events in one calendar text (the sessions of a course): all added, or all removed.
pub fn series(events: &[Invitation], cancel: bool, now: DateTime<Utc>) -> String {
    let (method, sequence) = if cancel {
        ("CANCEL", CANCEL_SEQUENCE)
    } else {
        ("REQUEST", REQUEST_SEQUENCE)
    };
    let mut calendar = Calendar::new();
    calendar.append_property(Property::new("METHOD", method));
    for e in events {
        calendar.push(e.event(cancel, sequence, now));
    }
    calendar.done().to_string()
}

/// The METHOD of a calendar text (REQUEST when it has none), for the email's content type.
pub fn method_of(calendar: &str) -> &str {
    calendar
        .lines()
        .find_map(|l| l.trim_end_matches('\r').strip_prefix("METHOD:"))
        .unwrap_or("REQUEST")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use icalendar::parser::{read_calendar, unfold};

    fn invitation() -> Invitation {
        Invitation {
            uid: "interview-7-1796549400@lavoro.example.org".into(),
            summary: "Il tuo colloquio con Insieme per il lavoro".into(),
            location: "Via Capramozza 13, Bologna; secondo piano\\scala B — citofono «Insieme per il lavoro», chiedere di Paolo".into(),
            starts_at: Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 12, 1, 10, 15, 0).unwrap(),
            organizer: "noreply@lavoro.example.org".into(),
        }
    }

    type Props = Vec<(String, String)>;

    /// Reads a calendar text back: (calendar properties, event properties) as (name, value).
    fn read_back(text: &str) -> (Props, Props) {
        let unfolded = unfold(text);
        let calendar = read_calendar(&unfolded).expect("a calendar that reads back");
        let props = |p: &[icalendar::parser::Property]| {
            p.iter()
                .map(|p| (p.name.to_string(), p.val.to_string()))
                .collect::<Vec<_>>()
        };
        let event = calendar
            .components
            .iter()
            .find(|c| c.name == "VEVENT")
            .expect("an event");
        (props(&calendar.properties), props(&event.properties))
    }

    fn get<'a>(props: &'a [(String, String)], name: &str) -> &'a str {
        props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{name} in {props:?}"))
    }

    #[test]
    fn an_invitation_reads_back_with_its_organizer_and_folded_lines() {
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap();
        let text = invitation().request(now);
        assert!(
            text.lines().all(|l| l.trim_end_matches('\r').len() <= 75),
            "folded:\n{text}"
        );
        assert!(text.contains("\r\n"), "lines end in CRLF");
        let (calendar, event) = read_back(&text);
        assert_eq!(get(&calendar, "METHOD"), "REQUEST");
        assert_eq!(get(&event, "UID"), invitation().uid);
        assert_eq!(get(&event, "SEQUENCE"), "0");
        assert_eq!(get(&event, "DTSTART"), "20261201T093000Z");
        assert_eq!(get(&event, "DTEND"), "20261201T101500Z");
        assert_eq!(
            get(&event, "ORGANIZER"),
            "mailto:noreply@lavoro.example.org"
        );
        // Commas, semicolons and backslashes travel escaped, and the long location, folded over
        // several lines, reads back whole.
        assert!(unfold(&text)
            .contains("LOCATION:Via Capramozza 13\\, Bologna\\; secondo piano\\\\scala B"));
        assert_eq!(get(&event, "LOCATION"), invitation().location);
        assert_eq!(method_of(&text), "REQUEST");
    }

    #[test]
    fn a_cancellation_names_the_same_event_with_a_higher_sequence() {
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 8, 0, 0).unwrap();
        let (request_cal, request) = read_back(&invitation().request(now));
        let text = invitation().cancel(now);
        let (calendar, cancel) = read_back(&text);
        assert_eq!(get(&calendar, "METHOD"), "CANCEL");
        assert_eq!(get(&request_cal, "METHOD"), "REQUEST");
        assert_eq!(get(&cancel, "UID"), get(&request, "UID"));
        assert!(
            get(&cancel, "SEQUENCE").parse::<u32>().unwrap()
                > get(&request, "SEQUENCE").parse::<u32>().unwrap()
        );
        assert_eq!(get(&cancel, "STATUS"), "CANCELLED");
        assert_eq!(method_of(&text), "CANCEL");
    }
}
