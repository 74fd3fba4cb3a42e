//! When professionals can hold assessment interviews: weekly slots in the programme's time zone,
//! minus the days they are away. A slot keeps its wall-clock time across daylight-saving changes.
use super::deadline::PROGRAMME_TZ;
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    Office,
    Phone,
    Video,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Office, Mode::Phone, Mode::Video];

    pub fn code(self) -> &'static str {
        match self {
            Mode::Office => "office",
            Mode::Phone => "phone",
            Mode::Video => "video",
        }
    }

    pub fn from_code(code: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// Every week on `weekday` at `start` (local time) for `minutes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklySlot {
    pub weekday: Weekday,
    pub start: NaiveTime,
    pub minutes: u32,
    pub mode: Mode,
    /// Office address, or how the call is made.
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub mode: Mode,
    pub place: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SlotProblem {
    #[error("an interview lasts 15 minutes to 3 hours")]
    Length,
    #[error("the place is missing or too long")]
    Place,
}

pub fn check_weekly(slot: &WeeklySlot) -> Result<(), SlotProblem> {
    if !(15..=180).contains(&slot.minutes) {
        return Err(SlotProblem::Length);
    }
    let place = slot.place.trim();
    if place.is_empty() || place.chars().count() > 200 {
        return Err(SlotProblem::Place);
    }
    Ok(())
}

pub(crate) fn local(date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    match PROGRAMME_TZ.from_local_datetime(&date.and_time(time)) {
        chrono::LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        chrono::LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        // The hour skipped in spring: no slot that day at that time.
        chrono::LocalResult::None => None,
    }
}

/// The concrete slots of `pattern` on the `days` days from `from` (local dates), skipping the dates
/// in `away` and anything that starts before `not_before`. Sorted by start.
pub fn slots(
    pattern: &[WeeklySlot],
    away: &[NaiveDate],
    from: NaiveDate,
    days: u32,
    not_before: DateTime<Utc>,
) -> Vec<Slot> {
    let mut out = Vec::new();
    for d in 0..days {
        let Some(date) = from.checked_add_days(Days::new(u64::from(d))) else {
            break;
        };
        if away.contains(&date) {
            continue;
        }
        for w in pattern.iter().filter(|w| w.weekday == date.weekday()) {
            let Some(starts_at) = local(date, w.start) else {
                continue;
            };
            if starts_at < not_before {
                continue;
            }
            out.push(Slot {
                starts_at,
                ends_at: starts_at + chrono::Duration::minutes(i64::from(w.minutes)),
                mode: w.mode,
                place: w.place.clone(),
            });
        }
    }
    out.sort_by_key(|s| s.starts_at);
    out
}

/// The slot of `pattern` starting exactly at `starts_at`, if the professional offers it.
pub fn offered(
    pattern: &[WeeklySlot],
    away: &[NaiveDate],
    starts_at: DateTime<Utc>,
) -> Option<Slot> {
    let date = starts_at.with_timezone(&PROGRAMME_TZ).date_naive();
    slots(pattern, away, date, 1, starts_at)
        .into_iter()
        .find(|s| s.starts_at == starts_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekly(weekday: Weekday, h: u32, m: u32) -> WeeklySlot {
        WeeklySlot {
            weekday,
            start: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            minutes: 45,
            mode: Mode::Office,
            place: "Via Roma 1, Bologna".into(),
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_weekly_slot_keeps_its_local_time_across_the_clock_change() {
        // Tuesdays at 9:30 around 29 March 2026.
        let s = slots(
            &[weekly(Weekday::Tue, 9, 30)],
            &[],
            d(2026, 3, 23),
            14,
            DateTime::<Utc>::MIN_UTC,
        );
        assert_eq!(s.len(), 2);
        let hours: Vec<String> = s
            .iter()
            .map(|s| {
                s.starts_at
                    .with_timezone(&PROGRAMME_TZ)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .collect();
        assert_eq!(hours, ["2026-03-24 09:30", "2026-03-31 09:30"]);
        assert_eq!((s[1].starts_at - s[0].starts_at).num_hours(), 7 * 24 - 1);
        assert_eq!((s[0].ends_at - s[0].starts_at).num_minutes(), 45);
    }

    #[test]
    fn days_away_and_past_slots_are_skipped() {
        let pattern = [
            weekly(Weekday::Mon, 9, 0),
            weekly(Weekday::Mon, 10, 0),
            weekly(Weekday::Wed, 15, 0),
        ];
        let not_before = PROGRAMME_TZ
            .with_ymd_and_hms(2026, 6, 1, 9, 30, 0)
            .unwrap()
            .with_timezone(&Utc);
        let s = slots(&pattern, &[d(2026, 6, 3)], d(2026, 6, 1), 7, not_before);
        let starts: Vec<String> = s
            .iter()
            .map(|s| {
                s.starts_at
                    .with_timezone(&PROGRAMME_TZ)
                    .format("%d %H:%M")
                    .to_string()
            })
            .collect();
        assert_eq!(starts, ["01 10:00"]);
    }

    #[test]
    fn only_an_offered_start_can_be_booked() {
        let pattern = [weekly(Weekday::Thu, 11, 0)];
        let at = PROGRAMME_TZ
            .with_ymd_and_hms(2026, 6, 4, 11, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        assert!(offered(&pattern, &[], at).is_some());
        assert!(offered(&pattern, &[], at + chrono::Duration::minutes(5)).is_none());
        assert!(offered(&pattern, &[d(2026, 6, 4)], at).is_none());
    }

    #[test]
    fn slot_rules() {
        let mut w = weekly(Weekday::Fri, 9, 0);
        assert_eq!(check_weekly(&w), Ok(()));
        w.minutes = 10;
        assert_eq!(check_weekly(&w), Err(SlotProblem::Length));
        w.minutes = 60;
        w.place = "  ".into();
        assert_eq!(check_weekly(&w), Err(SlotProblem::Place));
    }
}
