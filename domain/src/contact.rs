//! Phone numbers and email addresses as applicants type them on a phone.

/// A phone number in international form (`+39…`), or `None` when it cannot be one.
/// Italian numbers may be typed without prefix: mobiles start with 3, landlines with 0.
pub fn normalize_phone(input: &str) -> Option<String> {
    let mut s = String::new();
    for (i, c) in input.trim().chars().enumerate() {
        match c {
            '0'..='9' => s.push(c),
            '+' if i == 0 => s.push(c),
            ' ' | '-' | '.' | '/' | '(' | ')' => {}
            _ => return None,
        }
    }
    if let Some(rest) = s.strip_prefix("00") {
        s = format!("+{rest}");
    }
    let digits = |t: &str| t.len();
    if let Some(intl) = s.strip_prefix('+') {
        if let Some(national) = intl.strip_prefix("39") {
            return italian(national).then(|| s.clone());
        }
        return ((8..=15).contains(&digits(intl)) && !intl.starts_with('0')).then_some(s);
    }
    italian(&s).then(|| format!("+39{s}"))
}

fn italian(national: &str) -> bool {
    match national.as_bytes().first() {
        Some(b'3') => (9..=10).contains(&national.len()),
        Some(b'0') => (6..=11).contains(&national.len()),
        _ => false,
    }
}

/// A stored phone number as people read it: "+39 333 000 0002", "+39 051 659 8511",
/// "+39 02 1234 5678". Numbers of other countries stay as stored.
pub fn format_phone(stored: &str) -> String {
    let Some(national) = stored.strip_prefix("+39").filter(|n| italian(n)) else {
        return stored.to_owned();
    };
    let head = if national.starts_with("02") || national.starts_with("06") {
        2
    } else {
        3
    };
    let (area, rest) = national.split_at(head);
    let groups = if rest.len() > 4 {
        let (a, b) = rest.split_at(rest.len() - 4);
        format!("{a} {b}")
    } else {
        rest.to_owned()
    };
    format!("+39 {area} {groups}")
}

/// A plausible email address, lowercased; deliverability is proven only by the mail itself.
pub fn normalize_email(input: &str) -> Option<String> {
    let s = input.trim().to_lowercase();
    let (local, domain) = s.split_once('@')?;
    let ok = !local.is_empty()
        && s.len() <= 254
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && s.chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[]\\,;:\"".contains(c));
    ok.then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_numbers_are_shown_in_groups() {
        assert_eq!(format_phone("+393330000002"), "+39 333 000 0002");
        assert_eq!(format_phone("+390516598511"), "+39 051 659 8511");
        assert_eq!(format_phone("+390212345678"), "+39 02 1234 5678");
        assert_eq!(format_phone("+33612345678"), "+33612345678");
        assert_eq!(format_phone(""), "");
        // What is shown reads back as the same number.
        for stored in ["+393330000002", "+390516598511", "+390212345678"] {
            assert_eq!(
                normalize_phone(&format_phone(stored)).as_deref(),
                Some(stored)
            );
        }
    }

    #[test]
    fn italian_mobiles_are_accepted_with_or_without_prefix() {
        assert_eq!(
            normalize_phone("333 123 4567").as_deref(),
            Some("+393331234567")
        );
        assert_eq!(
            normalize_phone("+39 333-1234567").as_deref(),
            Some("+393331234567")
        );
        assert_eq!(
            normalize_phone("0039 3331234567").as_deref(),
            Some("+393331234567")
        );
        assert_eq!(
            normalize_phone("051 123456").as_deref(),
            Some("+39051123456")
        );
    }

    #[test]
    fn foreign_numbers_need_their_country_code() {
        assert_eq!(
            normalize_phone("+33 6 12 34 56 78").as_deref(),
            Some("+33612345678")
        );
        assert_eq!(normalize_phone("612345678"), None);
    }

    #[test]
    fn letters_markup_and_short_numbers_are_rejected() {
        for bad in ["", "abc", "333<script>", "12", "+39 12", "3+33123456"] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn emails_are_lowercased_and_checked_for_shape() {
        assert_eq!(
            normalize_email(" Anna.Rossi@Example.IT ").as_deref(),
            Some("anna.rossi@example.it")
        );
        for bad in [
            "anna", "anna@", "@x.it", "a@b", "a b@c.it", "a@@c.it", "a@c..it", "<a>@c.it",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }
}
