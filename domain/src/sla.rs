//! The contact promise in figures: how many people were contacted within the target and the limit,
//! week by week and month by month, and how long they waited. Pure arithmetic over case times.
use super::deadline::{ContactPolicy, PROGRAMME_TZ};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One enrolment's times (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseTimes {
    pub received_at: i64,
    pub contacted_at: Option<i64>,
    /// The first assessment interview booked (its start).
    pub interview_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// First day of the week (Monday) or of the month.
    pub start: NaiveDate,
    pub received: u32,
    /// People whose target (or limit) has passed or who were contacted: the shares' denominator.
    pub due: u32,
    pub within_target: u32,
    pub within_limit: u32,
}

impl Period {
    pub fn share_target(&self) -> Option<f64> {
        (self.due > 0).then(|| f64::from(self.within_target) / f64::from(self.due))
    }
    pub fn share_limit(&self) -> Option<f64> {
        (self.due > 0).then(|| f64::from(self.within_limit) / f64::from(self.due))
    }
}

fn utc(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

fn local_day(ts: i64) -> NaiveDate {
    utc(ts).with_timezone(&PROGRAMME_TZ).date_naive()
}

pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

pub fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Periods (by `start_of`) holding the cases received in them, oldest first.
pub fn periods(
    cases: &[CaseTimes],
    policy: &ContactPolicy,
    now: i64,
    start_of: fn(NaiveDate) -> NaiveDate,
) -> Vec<Period> {
    let mut out: Vec<Period> = Vec::new();
    for c in cases {
        let start = start_of(local_day(c.received_at));
        let i = match out.binary_search_by(|p| p.start.cmp(&start)) {
            Ok(i) => i,
            Err(i) => {
                out.insert(
                    i,
                    Period {
                        start,
                        received: 0,
                        due: 0,
                        within_target: 0,
                        within_limit: 0,
                    },
                );
                i
            }
        };
        let p = &mut out[i];
        p.received += 1;
        let d = policy.deadlines(utc(c.received_at));
        let (due, limit) = (d.due.timestamp(), d.limit.timestamp());
        // Counted once the outcome is known: contacted, or the target has passed.
        if c.contacted_at.is_some() || now > due {
            p.due += 1;
        }
        if let Some(at) = c.contacted_at {
            if at <= due {
                p.within_target += 1;
            }
            if at <= limit {
                p.within_limit += 1;
            }
        }
    }
    out
}

/// The median of `values` (the mean of the two middle ones for an even count).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// Median days from enrolment to first contact, and to the assessment interview.
pub fn median_days(cases: &[CaseTimes]) -> (Option<f64>, Option<f64>) {
    let days = |to: fn(&CaseTimes) -> Option<i64>| {
        let mut v: Vec<f64> = cases
            .iter()
            .filter_map(|c| to(c).map(|t| (t - c.received_at) as f64 / 86400.0))
            .collect();
        median(&mut v)
    };
    (days(|c| c.contacted_at), days(|c| c.interview_at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> i64 {
        PROGRAMME_TZ
            .with_ymd_and_hms(y, m, d, 10, 0, 0)
            .unwrap()
            .timestamp()
    }

    #[test]
    fn shares_count_people_whose_outcome_is_known() {
        let day = 86400;
        let r = at(2026, 3, 2); // a Monday
        let cases = [
            CaseTimes {
                received_at: r,
                contacted_at: Some(r + 3 * day),
                interview_at: Some(r + 10 * day),
            },
            CaseTimes {
                received_at: r,
                contacted_at: Some(r + 30 * day),
                interview_at: None,
            },
            CaseTimes {
                received_at: r + day,
                contacted_at: Some(r + 40 * day),
                interview_at: None,
            },
            CaseTimes {
                received_at: r + day,
                contacted_at: None,
                interview_at: None,
            },
            // Next week, still awaiting contact before its target: not yet counted.
            CaseTimes {
                received_at: r + 7 * day,
                contacted_at: None,
                interview_at: None,
            },
        ];
        let now = r + 31 * day;
        let weeks = periods(&cases, &ContactPolicy::default(), now, week_start);
        assert_eq!(weeks.len(), 2);
        assert_eq!(weeks[0].start, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        assert_eq!(
            (
                weeks[0].received,
                weeks[0].due,
                weeks[0].within_target,
                weeks[0].within_limit
            ),
            (4, 4, 1, 2)
        );
        assert_eq!(weeks[0].share_target(), Some(0.25));
        assert_eq!((weeks[1].received, weeks[1].due), (1, 0));
        assert_eq!(weeks[1].share_target(), None);
        let months = periods(&cases, &ContactPolicy::default(), now, month_start);
        assert_eq!(months.len(), 1);
        assert_eq!(months[0].received, 5);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        let r = at(2026, 1, 5);
        let cases = [
            CaseTimes {
                received_at: r,
                contacted_at: Some(r + 86400),
                interview_at: Some(r + 5 * 86400),
            },
            CaseTimes {
                received_at: r,
                contacted_at: Some(r + 3 * 86400),
                interview_at: None,
            },
        ];
        assert_eq!(median_days(&cases), (Some(2.0), Some(5.0)));
    }
}
