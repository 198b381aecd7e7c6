//! Reading a page of the changes feed (`_changes?include_docs=true`), and a batch's parts
//! fetched by id (`_all_docs` with `keys`).
//!
//! A page fails as a whole only if it is not a changes feed at all. A document that is not
//! one of ours (another app's, a hand-made one, a newer build's) is set aside with why, in
//! [`ChangesPage::foreign`], for the caller to report; the pull goes on with the rest, and
//! the checkpoint may pass it: it will not become readable by being read again.

use super::CouchError;
use crate::doc::{seq_text, ShapeError, SyncDoc};
use serde::Deserialize;
use serde_json::Value;

/// One page of the changes feed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangesPage {
    /// Our documents, in the feed's order.
    pub docs: Vec<SyncDoc>,
    /// Documents not of our shape: their id and why.
    pub foreign: Vec<(String, ShapeError)>,
    /// Where the next page starts (`since=`), as the server wrote it.
    pub last_seq: String,
    /// How many changes are left after this page (CouchDB 3 says; pouchdb-server may not).
    pub pending: Option<u64>,
    /// How many changes the page held, skipped ones included: a full page (as many as the
    /// `limit` asked) means there may be more, even when few of them were ours.
    pub changes: usize,
}

#[derive(Deserialize)]
struct RawChanges {
    results: Vec<RawChange>,
    #[serde(deserialize_with = "seq_text")]
    last_seq: String,
    #[serde(default)]
    pending: Option<u64>,
}

#[derive(Deserialize)]
struct RawChange {
    id: String,
    #[serde(default)]
    deleted: bool,
    #[serde(default)]
    doc: Option<Value>,
}

/// Reads a `_changes` answer: our documents, the foreign ones, and where to go on. Deleted
/// documents and design documents are skipped (ours are never deleted; a design document
/// is the server's business).
pub fn parse_changes(json: &[u8]) -> Result<ChangesPage, CouchError> {
    let raw: RawChanges = serde_json::from_slice(json)
        .map_err(|e| CouchError::bad_reply(format!("not a changes feed: {e}")))?;
    let mut page = ChangesPage {
        last_seq: raw.last_seq,
        pending: raw.pending,
        changes: raw.results.len(),
        ..ChangesPage::default()
    };
    for change in raw.results {
        if change.deleted || is_server_doc(&change.id) {
            continue;
        }
        match change.doc {
            Some(doc) if is_deleted(&doc) => {}
            Some(doc) => sort(&mut page.docs, &mut page.foreign, change.id, doc),
            None => page.foreign.push((change.id, ShapeError::Missing)),
        }
    }
    Ok(page)
}

/// The documents an `_all_docs` request by `keys` found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FetchedDocs {
    /// Our documents, in the order of the keys.
    pub docs: Vec<SyncDoc>,
    /// Documents not of our shape: their id and why.
    pub foreign: Vec<(String, ShapeError)>,
    /// Keys with no document (never written, or deleted): a batch missing one of its parts
    /// for good, if its pusher is gone.
    pub absent: Vec<String>,
}

#[derive(Deserialize)]
struct RawAllDocs {
    rows: Vec<RawRow>,
}

#[derive(Deserialize)]
struct RawRow {
    key: String,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    value: Option<RawValue>,
    #[serde(default)]
    doc: Option<Value>,
}

#[derive(Deserialize)]
struct RawValue {
    #[serde(default)]
    deleted: bool,
}

/// Reads the answer to [`all_docs_path`](super::all_docs_path) with
/// [`all_docs_body`](super::all_docs_body).
pub fn parse_all_docs(json: &[u8]) -> Result<FetchedDocs, CouchError> {
    let raw: RawAllDocs = serde_json::from_slice(json)
        .map_err(|e| CouchError::bad_reply(format!("not an _all_docs answer: {e}")))?;
    let mut got = FetchedDocs::default();
    for row in raw.rows {
        let deleted = row.value.is_some_and(|v| v.deleted);
        match (row.error, row.doc) {
            // CouchDB's `not_found` for a key never written (the only error a row has).
            (Some(_), _) => got.absent.push(row.key),
            (None, _) if deleted => got.absent.push(row.key),
            (None, Some(doc)) if is_deleted(&doc) => got.absent.push(row.key),
            (None, Some(doc)) => sort(&mut got.docs, &mut got.foreign, row.key, doc),
            (None, None) => got.foreign.push((row.key, ShapeError::Missing)),
        }
    }
    Ok(got)
}

/// Design and local documents: CouchDB's, never ours.
fn is_server_doc(id: &str) -> bool {
    id.starts_with("_design/") || id.starts_with("_local/")
}

fn is_deleted(doc: &Value) -> bool {
    doc.get("_deleted") == Some(&Value::Bool(true))
}

/// Puts `doc` (found under `id`) among ours or the foreign ones.
fn sort(docs: &mut Vec<SyncDoc>, foreign: &mut Vec<(String, ShapeError)>, id: String, doc: Value) {
    match read_doc(&id, doc) {
        Ok(d) => docs.push(d),
        Err(e) => foreign.push((id, e)),
    }
}

fn read_doc(id: &str, doc: Value) -> Result<SyncDoc, ShapeError> {
    let d: SyncDoc = serde_json::from_value(doc).map_err(|e| ShapeError::Fields {
        detail: e.to_string(),
    })?;
    if d.id != id {
        return Err(ShapeError::Id);
    }
    d.check()?;
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::super::CouchErrorKind;
    use super::*;
    use crate::doc::doc_id;

    fn ours(batch: u128, part: u32) -> SyncDoc {
        SyncDoc::new(batch, part, 2, &[1; 12], &[2; 20])
    }

    fn row(seq: &str, doc: &SyncDoc) -> String {
        let mut d = serde_json::to_value(doc).unwrap();
        d["_rev"] = "1-abc".into();
        format!(
            r#"{{"seq":{seq},"id":"{}","changes":[{{"rev":"1-abc"}}],"doc":{d}}}"#,
            doc.id
        )
    }

    #[test]
    fn a_couchdb_3_page_keeps_ours_and_sets_the_rest_aside() {
        let (a, b) = (ours(1, 0), ours(1, 1));
        let json = format!(
            r#"{{"results":[{},
              {{"seq":"2-x","id":"_design/app","changes":[],"doc":{{"_id":"_design/app"}}}},
              {{"seq":"3-x","id":"gone","changes":[],"deleted":true,"doc":{{"_id":"gone","_deleted":true}}}},
              {{"seq":"4-x","id":"note","changes":[],"doc":{{"_id":"note","text":"hi"}}}},
              {{"seq":"5-x","id":"nodoc","changes":[]}},
              {{"seq":"6-x","id":"{}","changes":[],"doc":{}}},
              {}],
            "last_seq":"7-g1AAAA","pending":12}}"#,
            row(r#""1-x""#, &a),
            doc_id(9, 0),
            serde_json::to_string(&ours(9, 1)).unwrap(),
            row(r#""7-x""#, &b),
        );
        let page = parse_changes(json.as_bytes()).unwrap();
        assert_eq!(page.docs, [a, b]);
        // Seven changes, two of them ours: the page is counted whole (a full page pages on).
        assert_eq!(
            (page.last_seq.as_str(), page.pending, page.changes),
            ("7-g1AAAA", Some(12), 7)
        );
        let foreign: Vec<(&str, &str)> = page
            .foreign
            .iter()
            .map(|(id, e)| (id.as_str(), e.code()))
            .collect();
        assert_eq!(
            foreign,
            [
                ("note", "doc_fields"),
                ("nodoc", "doc_missing"),
                (&*doc_id(9, 0), "doc_id")
            ]
        );
    }

    #[test]
    fn a_pouchdb_page_has_numeric_seqs() {
        let a = ours(3, 0);
        let json = format!(r#"{{"results":[{}],"last_seq":5}}"#, row("5", &a));
        let page = parse_changes(json.as_bytes()).unwrap();
        assert_eq!(
            (page.docs, page.last_seq, page.pending),
            (vec![a], "5".into(), None)
        );
        let empty = parse_changes(br#"{"results":[],"last_seq":"9-z","pending":0}"#).unwrap();
        assert!(empty.docs.is_empty() && empty.foreign.is_empty() && empty.changes == 0);
    }

    #[test]
    fn a_page_that_is_no_feed_is_a_bad_reply() {
        for bad in [
            &b""[..],
            b"<html>",
            b"[]",
            b"{}",
            br#"{"results":[]}"#,
            br#"{"results":{},"last_seq":1}"#,
            br#"{"results":[{"seq":1}],"last_seq":1}"#,
            br#"{"results":[],"last_seq":1.5}"#,
            br#"{"results":[],"last_seq":"1","pending":-1}"#,
        ] {
            let e = parse_changes(bad).unwrap_err();
            assert_eq!(
                e.kind(),
                CouchErrorKind::BadReply,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn fetched_parts_and_absent_keys() {
        let a = ours(4, 1);
        let json = format!(
            r#"{{"total_rows":9,"offset":null,"rows":[
              {{"id":"{id}","key":"{id}","value":{{"rev":"1-a"}},"doc":{doc}}},
              {{"key":"b1-0000","error":"not_found"}},
              {{"id":"x","key":"x","value":{{"rev":"2-b","deleted":true}},"doc":null}},
              {{"id":"y","key":"y","value":{{"rev":"1-c"}},"doc":{{"_id":"y"}}}},
              {{"id":"z","key":"z","value":{{"rev":"1-d"}}}}]}}"#,
            id = a.id,
            doc = serde_json::to_string(&a).unwrap()
        );
        let got = parse_all_docs(json.as_bytes()).unwrap();
        assert_eq!(got.docs, [a]);
        assert_eq!(got.absent, ["b1-0000", "x"]);
        let foreign: Vec<(&str, &str)> = got
            .foreign
            .iter()
            .map(|(id, e)| (id.as_str(), e.code()))
            .collect();
        assert_eq!(foreign, [("y", "doc_fields"), ("z", "doc_missing")]);
        assert!(parse_all_docs(b"{\"rows\":[{}]}").is_err());
    }
}
