//! The documents stored in CouchDB: encrypted parts that say nothing of the business, and
//! the pull's checkpoint.
//!
//! A [`SyncDoc`] is one part of one batch, encrypted: the server sees a random batch id, the
//! part's index and count, an IV, a ciphertext, a version. No name, amount, date or device:
//! what the server (or whoever reads its disk) learns is how much each push weighs and when
//! it came.
//!
//! ```json
//! {"_id":"b0123…cdef-0000","batch":"0123…cdef","part":0,"parts":1,"iv":"…","ct":"…","v":1}
//! ```
//!
//! Ids are made from the batch's 128 bits — drawn from its events' random ids, so the same
//! events make the same batch — and the part's index ([`doc_id`]): a push retried after a
//! lost answer writes the same ids, which the server refuses as a
//! conflict — the documents are already there, which is what the push wanted. And the ids
//! of a batch's missing parts are known, to fetch them by id.
//!
//! The ciphertext is bound to its place by the AES-GCM additional data
//! ([`SyncDoc::associated_data`]: version, id, count): a server that moved a ciphertext to
//! another id, or changed a count, makes the decryption fail rather than a batch assemble
//! from the wrong parts.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::parts::MAX_PARTS;

/// The envelope's version: AES-GCM (256-bit key from PBKDF2, 12-byte IV, 16-byte tag
/// appended to the ciphertext) over a [`frame`](crate::frame) part.
pub const DOC_VERSION: u8 = 1;

/// The IV's length for AES-GCM: 96 bits, the length GCM is defined for.
pub const IV_LEN: usize = 12;

/// The tag WebCrypto appends to the ciphertext.
pub const TAG_LEN: usize = 16;

/// One encrypted part of one batch, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncDoc {
    /// `b<batch>-<part as 4 hex digits>` ([`doc_id`]).
    #[serde(rename = "_id")]
    pub id: String,
    /// The batch's 128 bits (from its events' random ids), 32 lower-case hex digits.
    pub batch: String,
    pub part: u32,
    pub parts: u32,
    /// The IV, base64.
    pub iv: String,
    /// The ciphertext with its tag, base64.
    pub ct: String,
    pub v: u8,
}

/// What to decrypt and where its plaintext goes: a [`SyncDoc`] with its fields decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    pub batch: u128,
    pub part: u32,
    pub parts: u32,
    pub iv: [u8; IV_LEN],
    pub ct: Vec<u8>,
    /// The additional data to give AES-GCM ([`SyncDoc::associated_data`]).
    pub aad: Vec<u8>,
}

/// Why a document is not one of ours. Each has a stable [`code`](ShapeError::code).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShapeError {
    /// A change without its document (the feed was asked without `include_docs`).
    Missing,
    /// Fields missing or of the wrong type (`detail`: the JSON reader's words).
    Fields { detail: String },
    /// An envelope version this build does not read.
    Version { found: u8 },
    /// A batch id that is not 32 lower-case hex digits.
    Batch,
    /// A part index not below the count, or a count of 0 or over [`MAX_PARTS`].
    Part { part: u32, parts: u32 },
    /// An `_id` other than the one its batch and part make (or than its change's id).
    Id,
    /// An IV that is not base64 of 12 bytes.
    Iv,
    /// A ciphertext that is not base64, or shorter than a tag.
    Ct,
}

impl ShapeError {
    pub fn code(&self) -> &'static str {
        match self {
            ShapeError::Missing => "doc_missing",
            ShapeError::Fields { .. } => "doc_fields",
            ShapeError::Version { .. } => "doc_version",
            ShapeError::Batch => "doc_batch",
            ShapeError::Part { .. } => "doc_part",
            ShapeError::Id => "doc_id",
            ShapeError::Iv => "doc_iv",
            ShapeError::Ct => "doc_ct",
        }
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeError::Missing => write!(f, "a change came without its document"),
            ShapeError::Fields { detail } => write!(f, "not a sync document: {detail}"),
            ShapeError::Version { found } => write!(
                f,
                "a sync document of version {found} (this build reads {DOC_VERSION})"
            ),
            ShapeError::Batch => write!(f, "a sync document's batch id is not 32 hex digits"),
            ShapeError::Part { part, parts } => {
                write!(f, "a sync document says part {part} of {parts}")
            }
            ShapeError::Id => write!(f, "a sync document's id does not match its batch and part"),
            ShapeError::Iv => write!(f, "a sync document's IV is not 12 bytes of base64"),
            ShapeError::Ct => write!(f, "a sync document's ciphertext is not base64"),
        }
    }
}

impl std::error::Error for ShapeError {}

/// The id of part `part` of batch `batch`: `b`, 32 hex digits, `-`, 4 hex digits (ids of one
/// batch sort by part; the `b` keeps them clear of CouchDB's `_` ids).
pub fn doc_id(batch: u128, part: u32) -> String {
    format!("b{batch:032x}-{part:04x}")
}

/// The largest plaintext part whose document fits `max_doc_bytes` (CouchDB 3's
/// `max_document_size`, 8,000,000 by default): base64 makes 4 bytes of 3, the tag adds 16,
/// and 512 bytes are left for the JSON around it.
pub fn max_plain_part(max_doc_bytes: usize) -> usize {
    (max_doc_bytes.saturating_sub(512) / 4 * 3).saturating_sub(TAG_LEN)
}

impl SyncDoc {
    /// The document for part `part` of `parts` of `batch`, encrypted as `ct` with `iv`.
    pub fn new(batch: u128, part: u32, parts: u32, iv: &[u8; IV_LEN], ct: &[u8]) -> SyncDoc {
        SyncDoc {
            id: doc_id(batch, part),
            batch: format!("{batch:032x}"),
            part,
            parts,
            iv: BASE64.encode(iv),
            ct: BASE64.encode(ct),
            v: DOC_VERSION,
        }
    }

    /// The additional data AES-GCM authenticates with this part: `encours-sync/<v>/<id>/<parts>`.
    /// The same bytes for encrypting and decrypting, so computed from the fields alone.
    pub fn associated_data(&self) -> Vec<u8> {
        aad(self.v, &self.id, self.parts)
    }

    /// Whether the document is one of ours, reading everything but the ciphertext's bytes
    /// (a part can weigh megabytes: [`unpack`](SyncDoc::unpack) decodes it once, where it
    /// is used).
    pub fn check(&self) -> Result<(), ShapeError> {
        self.place().map(|_| ())
    }

    /// The document's fields decoded, ready to decrypt.
    pub fn unpack(&self) -> Result<Sealed, ShapeError> {
        let (batch, iv) = self.place()?;
        let ct = BASE64.decode(&self.ct).map_err(|_| ShapeError::Ct)?;
        if ct.len() < TAG_LEN {
            return Err(ShapeError::Ct);
        }
        Ok(Sealed {
            batch,
            part: self.part,
            parts: self.parts,
            iv,
            ct,
            aad: self.associated_data(),
        })
    }

    /// The batch id and IV, once every field but the ciphertext's bytes is checked.
    fn place(&self) -> Result<(u128, [u8; IV_LEN]), ShapeError> {
        if self.v != DOC_VERSION {
            return Err(ShapeError::Version { found: self.v });
        }
        let batch = parse_batch(&self.batch).ok_or(ShapeError::Batch)?;
        if self.parts == 0 || self.parts > MAX_PARTS || self.part >= self.parts {
            return Err(ShapeError::Part {
                part: self.part,
                parts: self.parts,
            });
        }
        if self.id != doc_id(batch, self.part) {
            return Err(ShapeError::Id);
        }
        let iv = BASE64
            .decode(&self.iv)
            .ok()
            .and_then(|iv| <[u8; IV_LEN]>::try_from(iv).ok())
            .ok_or(ShapeError::Iv)?;
        // The cheap half of the ciphertext's check: a base64 length, at least a tag's.
        if !self.ct.len().is_multiple_of(4) || self.ct.len() < TAG_LEN.div_ceil(3) * 4 {
            return Err(ShapeError::Ct);
        }
        Ok((batch, iv))
    }
}

/// The additional data of part `part` of `parts` of `batch`, before its document exists
/// (to encrypt it): the same bytes as [`SyncDoc::associated_data`] of the document made.
pub fn associated_data(batch: u128, part: u32, parts: u32) -> Vec<u8> {
    aad(DOC_VERSION, &doc_id(batch, part), parts)
}

fn aad(v: u8, id: &str, parts: u32) -> Vec<u8> {
    format!("encours-sync/{v}/{id}/{parts}").into_bytes()
}

/// 32 lower-case hex digits (upper case refused: one batch, one id).
fn parse_batch(s: &str) -> Option<u128> {
    if s.len() != 32 || !s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    u128::from_str_radix(s, 16).ok()
}

/// The pull's checkpoint: a `_local` document (never replicated, not in the changes feed)
/// holding the last `seq` whose changes were all taken in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// `_local/<name>`.
    #[serde(rename = "_id")]
    pub id: String,
    /// The revision to update it with (none before its first write).
    #[serde(rename = "_rev", default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
    /// The feed's position, as the text to send back as `since=` ([`seq_text`]).
    #[serde(deserialize_with = "seq_text")]
    pub seq: String,
}

impl Checkpoint {
    /// A first checkpoint named `name`, at `seq`.
    pub fn new(name: &str, seq: &str) -> Checkpoint {
        Checkpoint {
            id: format!("_local/{name}"),
            rev: None,
            seq: seq.to_owned(),
        }
    }

    /// The body of the `PUT` that stores it.
    pub fn to_json(&self) -> String {
        // Strings only: serde_json cannot fail on them.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Reads a CouchDB seq as the text to send back: CouchDB 3's seqs are opaque strings
/// (`"12-g1AAAA…"`), PouchDB's (pouchdb-server's) are integers (`12`). Either is kept as
/// written — the string's contents, the integer's digits — never reinterpreted.
pub fn seq_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Seq;
    impl Visitor<'_> for Seq {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a seq: a string or an integer")
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
            Ok(s.to_owned())
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<String, E> {
            Ok(n.to_string())
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<String, E> {
            Ok(n.to_string())
        }
    }
    d.deserialize_any(Seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BATCH: u128 = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210;

    fn good() -> SyncDoc {
        SyncDoc::new(BATCH, 1, 3, &[9; IV_LEN], &[7; 40])
    }

    #[test]
    fn ids_are_fixed_width_and_sort_by_part() {
        assert_eq!(doc_id(BATCH, 0), "b0123456789abcdeffedcba9876543210-0000");
        assert_eq!(doc_id(1, 0xffff), "b00000000000000000000000000000001-ffff");
        assert!(doc_id(BATCH, 9) < doc_id(BATCH, 10));
    }

    #[test]
    fn a_doc_reads_back_and_ignores_couch_fields() {
        let d = good();
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.starts_with(r#"{"_id":"b0123456789abcdeffedcba9876543210-0001","batch":"#));
        assert_eq!(serde_json::from_str::<SyncDoc>(&json).unwrap(), d);
        let with_rev = json.replacen('{', r#"{"_rev":"1-abc","_conflicts":[],"#, 1);
        assert_eq!(serde_json::from_str::<SyncDoc>(&with_rev).unwrap(), d);
        let s = d.unpack().unwrap();
        assert_eq!((s.batch, s.part, s.parts), (BATCH, 1, 3));
        assert_eq!((s.iv, s.ct.as_slice()), ([9; IV_LEN], &[7u8; 40][..]));
        assert_eq!(
            s.aad,
            b"encours-sync/1/b0123456789abcdeffedcba9876543210-0001/3".to_vec()
        );
        assert_eq!(associated_data(BATCH, 1, 3), s.aad);
    }

    #[test]
    fn misshapen_docs_are_refused() {
        type Edit = fn(&mut SyncDoc);
        let cases: [(Edit, ShapeError); 11] = [
            (|d| d.v = 2, ShapeError::Version { found: 2 }),
            (|d| d.batch = d.batch.to_uppercase(), ShapeError::Batch),
            (|d| d.batch.push('0'), ShapeError::Batch),
            (|d| d.batch = "+".repeat(32), ShapeError::Batch),
            (|d| d.part = 3, ShapeError::Part { part: 3, parts: 3 }),
            (
                |d| (d.part, d.parts) = (0, 0),
                ShapeError::Part { part: 0, parts: 0 },
            ),
            (|d| d.id = doc_id(BATCH, 2), ShapeError::Id),
            (|d| d.iv = BASE64.encode([0; 16]), ShapeError::Iv),
            (|d| d.iv = "not base64!!".into(), ShapeError::Iv),
            (|d| d.ct = "AAA".into(), ShapeError::Ct),
            (|d| d.ct = BASE64.encode([0; TAG_LEN - 1]), ShapeError::Ct),
        ];
        for (i, (edit, want)) in cases.into_iter().enumerate() {
            let mut d = good();
            edit(&mut d);
            assert_eq!(d.unpack(), Err(want.clone()), "case {i}");
            assert_eq!(d.check(), Err(want.clone()), "case {i}");
            assert!(want.code().starts_with("doc_") && !want.to_string().is_empty());
        }
        // Only `unpack` reads the ciphertext's characters.
        let mut d = good();
        d.ct = "!!!!".repeat(10);
        assert_eq!((d.check(), d.unpack()), (Ok(()), Err(ShapeError::Ct)));
    }

    #[test]
    fn max_plain_part_fits_the_doc() {
        for limit in [0, 100, 600, 8_000_000] {
            let plain = max_plain_part(limit);
            if plain == 0 {
                continue;
            }
            let d = SyncDoc::new(
                u128::MAX,
                MAX_PARTS - 1,
                MAX_PARTS,
                &[0xff; 12],
                &vec![0xff; plain + TAG_LEN],
            );
            let size = serde_json::to_string(&d).unwrap().len();
            assert!(size <= limit, "{limit}: {size}");
        }
    }

    #[test]
    fn checkpoints_keep_seqs_as_written() {
        // (stored JSON, seq read, rev read)
        let cases = [
            (
                r#"{"_id":"_local/a","_rev":"0-1","seq":"12-g1AAAA-x_y"}"#,
                "12-g1AAAA-x_y",
                Some("0-1"),
            ),
            (
                r#"{"_id":"_local/a","_rev":"0-2","seq":42}"#,
                "42",
                Some("0-2"),
            ),
            (
                r#"{"_id":"_local/a","seq":18446744073709551615}"#,
                "18446744073709551615",
                None,
            ),
            (r#"{"_id":"_local/a","seq":"0"}"#, "0", None),
        ];
        for (json, seq, rev) in cases {
            let c: Checkpoint = serde_json::from_str(json).unwrap();
            assert_eq!((c.seq.as_str(), c.rev.as_deref()), (seq, rev), "{json}");
        }
        for bad in [
            r#"{"_id":"_local/a","seq":1.5}"#,
            r#"{"_id":"_local/a","seq":null}"#,
            r#"{"_id":"_local/a"}"#,
        ] {
            assert!(serde_json::from_str::<Checkpoint>(bad).is_err(), "{bad}");
        }
        let c = Checkpoint::new("dev-1", "7-abc");
        assert_eq!(c.to_json(), r#"{"_id":"_local/dev-1","seq":"7-abc"}"#);
        let c = Checkpoint {
            rev: Some("0-3".into()),
            ..c
        };
        assert_eq!(
            c.to_json(),
            r#"{"_id":"_local/dev-1","_rev":"0-3","seq":"7-abc"}"#
        );
    }
}
