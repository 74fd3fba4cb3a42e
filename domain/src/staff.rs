//! Staff of the programme: their roles, the rules for their passwords, sessions and log-in attempts.
//! Times are Unix seconds passed in by the caller, so tests move the clock.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Secretariat,
    Professional,
    Tutor,
    /// A contact person of a partner company, on the company portal. Never combined with the
    /// programme's own roles, never given by the accounts page.
    Company,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Secretariat,
        Role::Professional,
        Role::Tutor,
        Role::Company,
    ];

    /// The programme's own people.
    pub const STAFF: [Role; 4] = [
        Role::Admin,
        Role::Secretariat,
        Role::Professional,
        Role::Tutor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Secretariat => "secretariat",
            Role::Professional => "professional",
            Role::Tutor => "tutor",
            Role::Company => "company",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Admins must use a second factor; for everyone else it is a choice.
    pub fn requires_second_factor(self) -> bool {
        self == Role::Admin
    }
}

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// Among the passwords people use most, or as easy to guess.
    TooCommon,
    /// The confirmation does not match.
    Mismatch,
}

/// The length rules, shared by the browser (instant feedback) and the server. The server also
/// refuses common passwords with [`password_is_common`].
pub fn check_password_length(password: &str) -> Result<(), PasswordProblem> {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        Err(PasswordProblem::TooShort)
    } else if n > PASSWORD_MAX_CHARS {
        Err(PasswordProblem::TooLong)
    } else {
        Ok(())
    }
}

/// How long a session lasts: `idle` since its last use, `absolute` since the log-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle_secs: i64,
    pub absolute_secs: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_secs: 30 * 60,
            absolute_secs: 10 * 3600,
        }
    }
}

impl SessionPolicy {
    pub fn is_alive(&self, created_at: i64, last_seen_at: i64, now: i64) -> bool {
        now - last_seen_at <= self.idle_secs && now - created_at <= self.absolute_secs
    }
}

/// After `max_failures` wrong passwords in a row an account is locked for `lock_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub max_failures: i64,
    pub lock_secs: i64,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            max_failures: 5,
            lock_secs: 15 * 60,
        }
    }
}

impl LockoutPolicy {
    /// The lock to set after a failure that brings the count to `failures`, if any.
    pub fn lock_after(&self, failures: i64, now: i64) -> Option<i64> {
        (failures >= self.max_failures).then_some(now + self.lock_secs)
    }

    pub fn is_locked(&self, locked_until: Option<i64>, now: i64) -> bool {
        locked_until.is_some_and(|t| t > now)
    }
}

/// A well-formed staff email address: something before and after one `@`, a dot in the domain.
pub fn normalize_email(input: &str) -> Option<String> {
    let e = input.trim().to_lowercase();
    let (user, domain) = e.split_once('@')?;
    let ok = !user.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && e.len() <= 254
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'".contains(c));
    ok.then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_codes() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }

    #[test]
    fn passwords_are_12_to_128_characters_counted_as_people_see_them() {
        assert_eq!(
            check_password_length("short"),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(
            check_password_length(&"é".repeat(11)),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(check_password_length(&"é".repeat(12)), Ok(()));
        assert_eq!(check_password_length(&"x".repeat(128)), Ok(()));
        assert_eq!(
            check_password_length(&"x".repeat(129)),
            Err(PasswordProblem::TooLong)
        );
    }

    #[test]
    fn sessions_end_after_idling_or_after_the_absolute_limit() {
        let p = SessionPolicy::default();
        assert!(p.is_alive(0, 0, 30 * 60));
        assert!(!p.is_alive(0, 0, 30 * 60 + 1));
        // Kept busy, it still ends after ten hours.
        assert!(p.is_alive(0, 10 * 3600 - 60, 10 * 3600));
        assert!(!p.is_alive(0, 10 * 3600, 10 * 3600 + 1));
    }

    #[test]
    fn five_wrong_passwords_lock_the_account_for_a_quarter_of_an_hour() {
        let p = LockoutPolicy::default();
        assert_eq!(p.lock_after(4, 100), None);
        assert_eq!(p.lock_after(5, 100), Some(100 + 900));
        assert!(p.is_locked(Some(1000), 999));
        assert!(!p.is_locked(Some(1000), 1000));
        assert!(!p.is_locked(None, 0));
    }

    #[test]
    fn emails_are_trimmed_lowercased_and_checked() {
        assert_eq!(
            normalize_email(" Anna@Insieme.IT "),
            Some("anna@insieme.it".into())
        );
        for bad in [
            "", "anna", "anna@", "@x.it", "anna@x", "a b@x.it", "<a>@x.it", "a@b@c.it",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }
}
