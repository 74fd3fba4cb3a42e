//! What the browser side decides without touching the page.
use domain::i18n::Key;
use domain::territory::fold;

/// The options of the comune list that match what is typed in its search box, by position. The
/// first ("choose") and the last ("elsewhere") always stay, and so does an empty search.
pub fn comuni_matching(listed: &[(String, String)], query: &str) -> Vec<usize> {
    let q = fold(&query.split_whitespace().collect::<Vec<_>>().join(" "));
    let last = listed.len().saturating_sub(1);
    (0..listed.len())
        .filter(|&i| i == 0 || i == last || q.is_empty() || fold(&listed[i].1).contains(&q))
        .collect()
}

/// What a search of the comuni found, besides the list it leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Nothing typed, or several comuni match: the list says it all.
    Listed,
    /// Exactly one comune matches (its position): it is chosen for the person.
    One(usize),
    /// Something was typed and no comune of the territory has it in its name.
    Outside,
}

pub fn comune_search(listed: &[(String, String)], query: &str) -> (Vec<usize>, Found) {
    let matching = comuni_matching(listed, query);
    let typed = fold(query.trim())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .count();
    // The first and last options ("choose", "elsewhere") are always there.
    let comuni: Vec<usize> = matching
        .iter()
        .copied()
        .filter(|&i| i != 0 && i + 1 != listed.len())
        .collect();
    let found = match comuni.as_slice() {
        _ if typed == 0 => Found::Listed,
        [one] => Found::One(*one),
        [] if typed >= 2 => Found::Outside,
        _ => Found::Listed,
    };
    (matching, found)
}

/// An address without its fragment: `/apply/step/identity#f-cf` is the page `/apply/step/identity`.
pub fn page_address(href: &str) -> &str {
    href.split('#').next().unwrap_or(href)
}

/// The message for a page the server refused to give. A fault of the server (5xx) is never told
/// as a mistake in what the person sent: what they wrote is kept, and they may try again.
pub fn problem_for_status(status: u16) -> Key {
    match status {
        400 | 422 => Key::problem_bad_request,
        403 => Key::problem_forbidden,
        404 => Key::problem_not_found,
        413 => Key::problem_too_large,
        429 => Key::problem_too_many_attempts,
        500..=599 => Key::problem_not_saved,
        _ => Key::problem_unavailable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed() -> Vec<(String, String)> {
        [
            ("", "Scegli"),
            ("037006", "Bologna"),
            ("037011", "Casalecchio di Reno"),
            ("037054", "San Lazzaro di Savena"),
            ("elsewhere", "Altrove"),
        ]
        .iter()
        .map(|(v, n)| (v.to_string(), n.to_string()))
        .collect()
    }

    #[test]
    fn a_search_keeps_matching_comuni_and_the_two_fixed_choices() {
        assert_eq!(comuni_matching(&listed(), "casa"), vec![0, 2, 4]);
        assert_eq!(
            comuni_matching(&listed(), "  SAN   làzzaro "),
            vec![0, 3, 4]
        );
        assert_eq!(comuni_matching(&listed(), "zzz"), vec![0, 4]);
    }

    #[test]
    fn one_match_is_chosen_and_a_name_outside_the_territory_is_told() {
        assert_eq!(comune_search(&listed(), "casalecchio").1, Found::One(2));
        assert_eq!(comune_search(&listed(), "San Laz").1, Found::One(3));
        assert_eq!(
            comune_search(&listed(), "Modena"),
            (vec![0, 4], Found::Outside)
        );
        assert_eq!(
            comune_search(&listed(), "a").1,
            Found::Listed,
            "several match"
        );
        assert_eq!(
            comune_search(&listed(), "x").1,
            Found::Listed,
            "one letter says too little"
        );
        assert_eq!(comune_search(&listed(), "  ").1, Found::Listed);
        // The fixed choices are not comuni: "Altrove" does not make "altro" a match.
        assert_eq!(comune_search(&listed(), "altro").1, Found::Outside);
    }

    #[test]
    fn an_empty_search_keeps_everything() {
        assert_eq!(comuni_matching(&listed(), "  "), vec![0, 1, 2, 3, 4]);
        assert!(comuni_matching(&[], "bo").is_empty());
    }

    #[test]
    fn a_fragment_is_not_another_page() {
        assert_eq!(
            page_address("http://x.it/apply/step/identity#f-cf"),
            "http://x.it/apply/step/identity"
        );
        assert_eq!(
            page_address("http://x.it/status?ok=share"),
            "http://x.it/status?ok=share"
        );
    }

    #[test]
    fn refusals_are_told_in_words() {
        assert_eq!(problem_for_status(413), Key::problem_too_large);
        assert_eq!(problem_for_status(403), Key::problem_forbidden);
        assert_eq!(problem_for_status(400), Key::problem_bad_request);
        assert_eq!(problem_for_status(500), Key::problem_not_saved);
        assert_eq!(problem_for_status(503), Key::problem_not_saved);
    }
}
