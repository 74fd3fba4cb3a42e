//! Days the programme is closed: Italy's national holidays (Easter Monday computed each year), the
//! territory's patron day, and any other closure the configuration lists. No interview slot is
//! offered on them.
use chrono::{Datelike, Days, NaiveDate};

/// The closed days of a territory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closures {
    /// Month and day of the patron saint's feast (Bologna: San Petronio, 4 October).
    pub patron_day: Option<(u32, u32)>,
    /// Other single closures (a bridge day, the office moving).
    pub extra: Vec<NaiveDate>,
}

impl Default for Closures {
    fn default() -> Self {
        Closures {
            patron_day: Some((10, 4)),
            extra: Vec::new(),
        }
    }
}

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous algorithm, as in Meeus).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a real date")
}

/// Italy's national public holidays of `year` (law 260/1949 and later changes).
pub fn national_holidays(year: i32) -> Vec<NaiveDate> {
    let fixed = [
        (1, 1),   // Capodanno
        (1, 6),   // Epifania
        (4, 25),  // Liberazione
        (5, 1),   // Festa del lavoro
        (6, 2),   // Festa della Repubblica
        (8, 15),  // Ferragosto
        (11, 1),  // Ognissanti
        (12, 8),  // Immacolata Concezione
        (12, 25), // Natale
        (12, 26), // Santo Stefano
    ];
    let easter = easter_sunday(year);
    let mut days: Vec<NaiveDate> = fixed
        .iter()
        .filter_map(|(m, d)| NaiveDate::from_ymd_opt(year, *m, *d))
        .chain([easter, easter + Days::new(1)])
        .collect();
    days.sort();
    days
}

impl Closures {
    /// True when the programme is closed on `date`.
    pub fn is_closed(&self, date: NaiveDate) -> bool {
        national_holidays(date.year()).contains(&date)
            || self.patron_day == Some((date.month(), date.day()))
            || self.extra.contains(&date)
    }

    /// The closed days among the `days` days from `from`.
    pub fn within(&self, from: NaiveDate, days: u32) -> Vec<NaiveDate> {
        (0..days)
            .filter_map(|d| from.checked_add_days(Days::new(u64::from(d))))
            .filter(|date| self.is_closed(*date))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_falls_on_the_published_sundays() {
        for (year, m, day) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(year), d(year, m, day), "{year}");
        }
    }

    #[test]
    fn bologna_is_closed_on_national_holidays_easter_monday_and_san_petronio() {
        let bologna = Closures::default();
        for closed in [
            d(2026, 12, 8),
            d(2026, 12, 25),
            d(2027, 1, 6),
            d(2027, 3, 29),
            d(2026, 10, 4),
            d(2027, 6, 2),
        ] {
            assert!(bologna.is_closed(closed), "{closed}");
        }
        for open in [d(2026, 12, 9), d(2027, 3, 30), d(2026, 10, 5)] {
            assert!(!bologna.is_closed(open), "{open}");
        }
        // Another territory: its own patron day, not Bologna's, and a closure of its own.
        let modena = Closures {
            patron_day: Some((1, 31)),
            extra: vec![d(2026, 12, 7)],
        };
        assert!(modena.is_closed(d(2027, 1, 31)) && !modena.is_closed(d(2026, 10, 4)));
        assert!(modena.is_closed(d(2026, 12, 7)));
        assert_eq!(bologna.within(d(2026, 12, 1), 14), [d(2026, 12, 8)]);
    }
}
