//! The contact promise: every enrolled applicant is contacted within the target (28 days) and at the
//! latest by the limit (35 days). Days are calendar days in the programme's time zone, so a deadline
//! keeps its wall-clock time across a daylight-saving change.
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub const PROGRAMME_TZ: Tz = chrono_tz::Europe::Rome;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPolicy {
    pub target_days: u32,
    pub limit_days: u32,
}

impl Default for ContactPolicy {
    fn default() -> Self {
        ContactPolicy {
            target_days: 28,
            limit_days: 35,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactDeadlines {
    /// The start of the week before the target: the case is "due this week" from here.
    pub due_soon: DateTime<Utc>,
    pub due: DateTime<Utc>,
    pub limit: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Band {
    OnTrack,
    DueThisWeek,
    Late,
    Breached,
}

fn add_local_days(at: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let local = at.with_timezone(&PROGRAMME_TZ).naive_local();
    let shifted = local + Days::new(u64::from(days));
    match PROGRAMME_TZ.from_local_datetime(&shifted) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        // The hour skipped by the spring change: the same instant one hour later on the clock.
        chrono::LocalResult::None => at + chrono::Duration::days(i64::from(days)),
    }
}

impl ContactPolicy {
    pub fn deadlines(&self, received: DateTime<Utc>) -> ContactDeadlines {
        ContactDeadlines {
            due_soon: add_local_days(received, self.target_days.saturating_sub(7)),
            due: add_local_days(received, self.target_days),
            limit: add_local_days(received, self.limit_days),
        }
    }

    /// Where an applicant still awaiting first contact stands at `now`.
    pub fn band(&self, received: DateTime<Utc>, now: DateTime<Utc>) -> Band {
        band_at(&self.deadlines(received), now)
    }
}

/// Where a case with deadlines `d` stands at `now`; the queue's SQL filters mirror these bounds.
pub fn band_at(d: &ContactDeadlines, now: DateTime<Utc>) -> Band {
    {
        if now > d.limit {
            Band::Breached
        } else if now > d.due {
            Band::Late
        } else if now > d.due_soon {
            Band::DueThisWeek
        } else {
            Band::OnTrack
        }
    }
}

impl Band {
    pub const ALL: [Band; 4] = [Band::OnTrack, Band::DueThisWeek, Band::Late, Band::Breached];

    pub fn code(self) -> &'static str {
        match self {
            Band::OnTrack => "on_track",
            Band::DueThisWeek => "due_this_week",
            Band::Late => "late",
            Band::Breached => "breached",
        }
    }

    pub fn from_code(code: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.code() == code)
    }
}

/// The instant of a Unix time as stored. A time outside chrono's range (never written by the
/// application) reads as the epoch rather than failing a whole page.
pub fn from_unix(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

/// The calendar date in the programme's time zone, as people read a deadline.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&PROGRAMME_TZ).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rome(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        PROGRAMME_TZ
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_target_is_28_days_and_the_limit_35_days_after_receipt() {
        let d = ContactPolicy::default().deadlines(rome(2026, 1, 10, 9));
        assert_eq!(d.due, rome(2026, 2, 7, 9));
        assert_eq!(d.limit, rome(2026, 2, 14, 9));
    }

    #[test]
    fn a_deadline_keeps_its_wall_clock_time_across_the_spring_change() {
        // Clocks go forward on 29 March 2026: 28 days are then 28*24-1 hours.
        let received = rome(2026, 3, 10, 18);
        let d = ContactPolicy::default().deadlines(received);
        assert_eq!(d.due, rome(2026, 4, 7, 18));
        assert_eq!((d.due - received).num_hours(), 28 * 24 - 1);
        assert_eq!(
            local_date(d.due),
            NaiveDate::from_ymd_opt(2026, 4, 7).unwrap()
        );
    }

    #[test]
    fn a_receipt_late_at_night_falls_on_the_local_date() {
        let received = Utc.with_ymd_and_hms(2026, 6, 30, 22, 30, 0).unwrap(); // 00:30 on 1 July in Rome
        assert_eq!(
            local_date(received),
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
        );
    }

    #[test]
    fn bands_move_with_time() {
        let p = ContactPolicy::default();
        let received = rome(2026, 5, 1, 10);
        let at = |days: i64| received + chrono::Duration::days(days);
        assert_eq!(p.band(received, at(0)), Band::OnTrack);
        assert_eq!(p.band(received, at(21)), Band::OnTrack);
        assert_eq!(
            p.band(received, at(21) + chrono::Duration::minutes(1)),
            Band::DueThisWeek
        );
        assert_eq!(p.band(received, at(28)), Band::DueThisWeek);
        assert_eq!(p.band(received, at(29)), Band::Late);
        assert_eq!(p.band(received, at(35)), Band::Late);
        assert_eq!(p.band(received, at(36)), Band::Breached);
    }
}
