//! Secrets handed to browsers: only their SHA-256 is stored.
use rand::Rng;
use sha2::{Digest, Sha256};

/// Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A status-link token: 256 random bits.
pub fn status_token() -> String {
    let bytes: [u8; 32] = rand::thread_rng().gen();
    hex::encode(bytes)
}

/// A short handle for something kept with a session (a search, say): 64 random bits in hex, only
/// meaningful together with that session.
pub fn handle() -> String {
    let bytes: [u8; 8] = rand::thread_rng().gen();
    hex::encode(bytes)
}

/// An idempotency key for a form a tutor may send more than once: 128 random bits in hex.
pub fn submission_key() -> String {
    let bytes: [u8; 16] = rand::thread_rng().gen();
    hex::encode(bytes)
}

/// A resume code such as `K7MQ4-XP2RT`: 50 random bits, enough with the attempt limit in front of it.
pub fn resume_code() -> String {
    let mut rng = rand::thread_rng();
    let chars: String = (0..10)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// What people type for a code: any case, with spaces or dashes anywhere.
pub fn normalize_resume_code(input: &str) -> Option<String> {
    let chars: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = chars.len() == 10 && chars.bytes().all(|b| CODE_ALPHABET.contains(&b));
    valid.then(|| format!("{}-{}", &chars[..5], &chars[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resume_code_survives_the_way_people_retype_it() {
        let code = resume_code();
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalize_resume_code(&typed), Some(code));
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in ["", "ABC", "ABCDE-FGHJK-L", "<script>", "ABCDE-FGHJ!"] {
            assert_eq!(normalize_resume_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn tokens_are_unique_and_hashes_hide_them() {
        let (a, b) = (status_token(), status_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(hash(&a), a);
        assert_eq!(hash(&a), hash(&a));
    }
}
