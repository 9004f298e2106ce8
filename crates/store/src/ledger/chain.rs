//! The one place the chain's hash is defined (the module doc of `ledger`
//! states it for auditors; this is that statement as code).

use sha2::{Digest as _, Sha256};

/// The `prev_hash` of record 1: 64 zeros.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A record's hash: lower-case hex SHA-256 of
/// `prev_hash "\n" kind "\n" uid "\n" created_ms "\n" body` (UTF-8,
/// `created_ms` in decimal, `body` byte for byte as stored).
pub fn record_hash(prev_hash: &str, kind: &str, uid: &str, created_ms: i64, body: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [prev_hash, kind, uid, &created_ms.to_string()] {
        hasher.update(part.as_bytes());
        hasher.update(b"\n");
    }
    hasher.update(body.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{GENESIS_HASH, record_hash};

    #[test]
    fn the_hash_is_what_sha256sum_gives_for_the_documented_text() {
        // printf '%s\n%s\n%s\n%s\n%s' 000…0 decision d-1 1796008320000 \
        //   '{"uid":"d-1","run_uid":"run-1","rationale":"Swap to A6-BLA"}' | sha256sum
        assert_eq!(
            record_hash(
                GENESIS_HASH,
                "decision",
                "d-1",
                1_796_008_320_000,
                r#"{"uid":"d-1","run_uid":"run-1","rationale":"Swap to A6-BLA"}"#
            ),
            "8ffc2f090fa486e68ff0da4b6e6e82982fc34ad88813a447d2dc7cf45f09d031"
        );
        assert_eq!(GENESIS_HASH.len(), 64);
        assert!(GENESIS_HASH.bytes().all(|b| b == b'0'));
    }
}
