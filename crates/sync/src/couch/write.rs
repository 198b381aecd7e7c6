//! The bodies the sync loop sends, and CouchDB's answers to its writes: pushed documents
//! (`_bulk_docs`) and the checkpoint (`PUT _local/…`).
//!
//! A push's documents are immutable and their ids random, so a document the server already
//! has is one this push (or a lost answer's retry) wrote: CouchDB's `conflict` for it is
//! [`PushOutcome::AlreadyThere`], a success.

use super::CouchError;
use crate::doc::{Checkpoint, SyncDoc};
use serde::{Deserialize, Serialize};

/// What became of one pushed document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushOutcome {
    /// Written now.
    Stored,
    /// A document of that id was there (CouchDB's `conflict`): written before.
    AlreadyThere,
    /// Refused (`forbidden` by a validation function, `too_large`…): CouchDB's words.
    Refused { error: String, reason: String },
}

impl PushOutcome {
    /// Whether the server holds the document now.
    pub fn is_stored(&self) -> bool {
        matches!(self, PushOutcome::Stored | PushOutcome::AlreadyThere)
    }
}

#[derive(Serialize)]
struct Docs<'a> {
    docs: &'a [SyncDoc],
}

/// The body of a [`bulk_docs_path`](super::bulk_docs_path) `POST`: `{"docs":[…]}`.
pub fn bulk_docs_body(docs: &[SyncDoc]) -> String {
    // Strings and integers only: serde_json cannot fail on them.
    serde_json::to_string(&Docs { docs }).unwrap_or_default()
}

#[derive(Serialize)]
struct Keys<'a> {
    keys: &'a [String],
}

/// The body of an [`all_docs_path`](super::all_docs_path) `POST`: `{"keys":[…]}`.
pub fn all_docs_body(ids: &[String]) -> String {
    serde_json::to_string(&Keys { keys: ids }).unwrap_or_default()
}

#[derive(Deserialize)]
struct RawOutcome {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    ok: Option<bool>,
    #[serde(default)]
    rev: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// Reads a `_bulk_docs` answer (status 201, or 417 when a validation function refused
/// some): each document's id and outcome, in the order of the answer. A document pushed
/// but not in the answer was not stored: push it again.
pub fn parse_bulk_docs(json: &[u8]) -> Result<Vec<(String, PushOutcome)>, CouchError> {
    let raw: Vec<RawOutcome> = serde_json::from_slice(json)
        .map_err(|e| CouchError::bad_reply(format!("not a _bulk_docs answer: {e}")))?;
    let mut out = Vec::with_capacity(raw.len());
    for r in raw {
        let Some(id) = r.id else {
            return Err(CouchError::bad_reply("a _bulk_docs outcome without an id"));
        };
        let outcome = match r.error {
            Some(e) if e == "conflict" => PushOutcome::AlreadyThere,
            Some(error) => PushOutcome::Refused {
                error,
                reason: r.reason.unwrap_or_default(),
            },
            None if r.ok == Some(true) || r.rev.is_some() => PushOutcome::Stored,
            None => {
                return Err(CouchError::bad_reply(format!(
                    "a _bulk_docs outcome for {id} neither ok nor an error"
                )))
            }
        };
        out.push((id, outcome));
    }
    Ok(out)
}

/// Reads a checkpoint `GET` (a 404 instead, [`NotFound`](super::CouchErrorKind::NotFound):
/// none saved yet, pull from `"0"`).
pub fn parse_checkpoint(json: &[u8]) -> Result<Checkpoint, CouchError> {
    serde_json::from_slice(json)
        .map_err(|e| CouchError::bad_reply(format!("not a checkpoint: {e}")))
}

#[derive(Deserialize)]
struct Put {
    rev: String,
}

/// Reads a checkpoint `PUT`'s answer (`{"ok":true,"id":…,"rev":"0-2"}`): the revision to
/// give the next one.
pub fn parse_put(json: &[u8]) -> Result<String, CouchError> {
    serde_json::from_slice::<Put>(json)
        .map(|p| p.rev)
        .map_err(|e| CouchError::bad_reply(format!("not a PUT answer: {e}")))
}

#[cfg(test)]
mod tests {
    use super::super::CouchErrorKind;
    use super::*;

    #[test]
    fn bodies_are_couchdb_json() {
        let d = SyncDoc::new(1, 0, 1, &[0; 12], &[0; 16]);
        let body = bulk_docs_body(std::slice::from_ref(&d));
        let want = format!(r#"{{"docs":[{}]}}"#, serde_json::to_string(&d).unwrap());
        assert_eq!(body, want);
        assert_eq!(bulk_docs_body(&[]), r#"{"docs":[]}"#);
        assert_eq!(
            all_docs_body(&["a".into(), "b\"".into()]),
            r#"{"keys":["a","b\""]}"#
        );
    }

    #[test]
    fn outcomes_of_a_push() {
        let json = br#"[
            {"ok":true,"id":"b1-0000","rev":"1-967a00dff5e02add41819138abb3284d"},
            {"id":"b1-0001","rev":"1-abc"},
            {"id":"b1-0002","error":"conflict","reason":"Document update conflict."},
            {"id":"b1-0003","error":"forbidden","reason":"only admins"},
            {"id":"b1-0004","error":"too_large"}
        ]"#;
        let got = parse_bulk_docs(json).unwrap();
        let refused = |e: &str, r: &str| PushOutcome::Refused {
            error: e.into(),
            reason: r.into(),
        };
        let want = [
            ("b1-0000", PushOutcome::Stored),
            ("b1-0001", PushOutcome::Stored),
            ("b1-0002", PushOutcome::AlreadyThere),
            ("b1-0003", refused("forbidden", "only admins")),
            ("b1-0004", refused("too_large", "")),
        ];
        assert_eq!(got.len(), want.len());
        for ((id, o), (wid, wo)) in got.iter().zip(want) {
            assert_eq!((id.as_str(), o), (wid, &wo));
            assert_eq!(o.is_stored(), !matches!(wo, PushOutcome::Refused { .. }));
        }
    }

    #[test]
    fn a_push_answer_of_the_wrong_shape_is_a_bad_reply() {
        for bad in [
            &b""[..],
            b"{\"error\":\"x\"}",
            b"[{\"ok\":true}]",
            b"[{\"id\":\"a\"}]",
            b"[{\"id\":\"a\",\"ok\":false}]",
            b"[1]",
        ] {
            let e = parse_bulk_docs(bad).unwrap_err();
            assert_eq!(e.kind(), CouchErrorKind::BadReply);
        }
    }

    #[test]
    fn checkpoints_read_and_put() {
        let c = parse_checkpoint(br#"{"_id":"_local/p","_rev":"0-1","seq":17}"#).unwrap();
        assert_eq!((c.seq.as_str(), c.rev.as_deref()), ("17", Some("0-1")));
        assert!(parse_checkpoint(br#"{"_id":"_local/p"}"#).is_err());
        assert_eq!(
            parse_put(br#"{"ok":true,"id":"_local/p","rev":"0-2"}"#).unwrap(),
            "0-2"
        );
        assert!(parse_put(b"{\"ok\":true}").is_err());
    }
}
