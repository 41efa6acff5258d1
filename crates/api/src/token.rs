//! The API token: 256 bits from the OS RNG, shown once when it is made, kept only as its
//! SHA-256 in the data folder ([`TOKEN_HASH_FILE`]). Making a new one replaces the old one.

use reelforge_core::durable::write_durably;
use sha2::{Digest, Sha256};
use std::io;
use std::path::Path;

/// The file in the data folder holding the token's SHA-256 (hex).
pub const TOKEN_HASH_FILE: &str = "api-token.sha256";

/// Bytes of a token (256 bits).
const TOKEN_BYTES: usize = 32;

/// What a request's token is checked against: the stored hash.
#[derive(Clone)]
pub struct TokenHash([u8; 32]);

impl std::fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenHash(..)")
    }
}

impl TokenHash {
    /// The hash of `token`.
    pub fn of(token: &str) -> Self {
        Self(Sha256::digest(token.as_bytes()).into())
    }

    /// Whether `given` is the token, compared on hashes in constant time.
    pub fn accepts(&self, given: &str) -> bool {
        let given = Self::of(given);
        given
            .0
            .iter()
            .zip(self.0)
            .fold(0_u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }

    /// The hash stored in `data_dir`, if a token was made there.
    pub fn load(data_dir: &Path) -> io::Result<Option<Self>> {
        let text = match std::fs::read_to_string(data_dir.join(TOKEN_HASH_FILE)) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let bytes = decode_hex(text.trim())
            .ok_or_else(|| io::Error::other(format!("{TOKEN_HASH_FILE} is not a SHA-256")))?;
        Ok(Some(Self(bytes)))
    }
}

/// Makes a new token, stores its hash in `data_dir` (replacing the previous one) and returns
/// it: the only time it exists outside the caller's hands.
pub fn new_token(data_dir: &Path) -> io::Result<(String, TokenHash)> {
    let mut bytes = [0_u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| io::Error::other(error.to_string()))?;
    let token = format!("rf_{}", encode_hex(&bytes));
    let hash = TokenHash::of(&token);
    write_durably(
        &data_dir.join(TOKEN_HASH_FILE),
        encode_hex(&hash.0).as_bytes(),
    )?;
    Ok((token, hash))
}

fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode_hex(text: &str) -> Option<[u8; 32]> {
    let mut bytes = [0_u8; 32];
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_token_replaces_the_old_and_only_its_hash_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        assert!(TokenHash::load(dir.path()).unwrap().is_none());
        let (first, _) = new_token(dir.path()).unwrap();
        let (second, _) = new_token(dir.path()).unwrap();
        assert_ne!(first, second);
        let stored = std::fs::read_to_string(dir.path().join(TOKEN_HASH_FILE)).unwrap();
        assert!(!stored.contains(&second["rf_".len()..]));
        let hash = TokenHash::load(dir.path()).unwrap().unwrap();
        assert!(hash.accepts(&second));
        assert!(!hash.accepts(&first));
        assert!(!hash.accepts(""));
    }
}
