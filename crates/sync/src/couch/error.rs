//! CouchDB's refusals, typed: what the sync loop does next depends on the kind (ask for the
//! password again, tell the user the database is gone, back off and retry).

use serde::Deserialize;
use std::fmt;

/// What went wrong talking to CouchDB. Each has a stable [`code`](CouchErrorKind::code).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CouchErrorKind {
    /// 401: no session, or a wrong name or password.
    Unauthorized,
    /// 403: signed in, but not a member of the database (or a validation function said no).
    Forbidden,
    /// 404: no such database or document (for a checkpoint: none saved yet).
    NotFound,
    /// 400: a request CouchDB does not understand (a bad `since`, say).
    BadRequest,
    /// 409: a document of that id exists.
    Conflict,
    /// 413: a document or request over the server's size limits.
    TooLarge,
    /// 5xx: the server (or a proxy before it) failed; retry later.
    Server,
    /// A 2xx answer that is not what CouchDB answers: not JSON, or not of the expected
    /// shape (a captive portal's page, a proxy's, a server of another kind).
    BadReply,
    /// Any other status.
    Other,
}

impl CouchErrorKind {
    pub fn code(&self) -> &'static str {
        match self {
            CouchErrorKind::Unauthorized => "couch_unauthorized",
            CouchErrorKind::Forbidden => "couch_forbidden",
            CouchErrorKind::NotFound => "couch_not_found",
            CouchErrorKind::BadRequest => "couch_bad_request",
            CouchErrorKind::Conflict => "couch_conflict",
            CouchErrorKind::TooLarge => "couch_too_large",
            CouchErrorKind::Server => "couch_server",
            CouchErrorKind::BadReply => "couch_bad_reply",
            CouchErrorKind::Other => "couch_other",
        }
    }

    fn of_status(status: u16) -> CouchErrorKind {
        match status {
            400 => CouchErrorKind::BadRequest,
            401 => CouchErrorKind::Unauthorized,
            403 => CouchErrorKind::Forbidden,
            404 => CouchErrorKind::NotFound,
            409 => CouchErrorKind::Conflict,
            413 => CouchErrorKind::TooLarge,
            500..=599 => CouchErrorKind::Server,
            _ => CouchErrorKind::Other,
        }
    }
}

/// A CouchDB error: its kind, the HTTP status if it came with one, and CouchDB's own
/// `error` and `reason` (empty when the body had none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CouchError {
    kind: CouchErrorKind,
    status: Option<u16>,
    error: String,
    reason: String,
}

/// How much of a body that is not CouchDB's to keep as the reason (a proxy's HTML page).
const REASON_MAX: usize = 200;

impl CouchError {
    /// A 2xx answer of the wrong shape; `detail` says what was wrong.
    pub fn bad_reply(detail: impl Into<String>) -> CouchError {
        CouchError {
            kind: CouchErrorKind::BadReply,
            status: None,
            error: String::new(),
            reason: detail.into(),
        }
    }

    pub fn kind(&self) -> CouchErrorKind {
        self.kind
    }

    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The HTTP status, for an error answer.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// CouchDB's `error` (`"unauthorized"`, `"not_found"`…), empty if none.
    pub fn error(&self) -> &str {
        &self.error
    }

    /// CouchDB's `reason`, or the start of a body that was not CouchDB's.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// Whether the same request may succeed later unchanged: a server failure, a timeout
    /// (408) or a rate limit (429). The others want a change first (a password, a smaller
    /// document, another server).
    pub fn retry(&self) -> bool {
        self.kind == CouchErrorKind::Server || matches!(self.status, Some(408 | 429))
    }
}

impl fmt::Display for CouchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(s) => write!(f, "CouchDB answered {s}")?,
            None => write!(f, "CouchDB's answer is unreadable")?,
        }
        if !self.error.is_empty() {
            write!(f, " {}", self.error)?;
        }
        if !self.reason.is_empty() {
            write!(f, ": {}", self.reason)?;
        }
        Ok(())
    }
}

impl std::error::Error for CouchError {}

/// CouchDB's error body.
#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    error: String,
    #[serde(default)]
    reason: String,
}

/// The error an answer of status `status` (not 2xx) and body `body` means. Never fails: a
/// body that is not CouchDB's JSON keeps its first bytes as the reason, and the status
/// decides the kind.
pub fn parse_error(status: u16, body: &[u8]) -> CouchError {
    let (error, reason) = match serde_json::from_slice::<Body>(body) {
        Ok(b) => (b.error, b.reason),
        Err(_) => {
            let head = &body[..body.len().min(REASON_MAX)];
            (
                String::new(),
                String::from_utf8_lossy(head).trim().to_owned(),
            )
        }
    };
    CouchError {
        kind: CouchErrorKind::of_status(status),
        status: Some(status),
        error,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CouchErrorKind as K;

    #[test]
    fn statuses_and_bodies_make_typed_errors() {
        // (status, body, kind, error, reason, retry)
        let cases: [(u16, &str, K, &str, &str, bool); 12] = [
            (
                401,
                r#"{"error":"unauthorized","reason":"Name or password is incorrect."}"#,
                K::Unauthorized,
                "unauthorized",
                "Name or password is incorrect.",
                false,
            ),
            (
                403,
                r#"{"error":"forbidden","reason":"You are not allowed to access this db."}"#,
                K::Forbidden,
                "forbidden",
                "You are not allowed to access this db.",
                false,
            ),
            (
                404,
                r#"{"error":"not_found","reason":"missing"}"#,
                K::NotFound,
                "not_found",
                "missing",
                false,
            ),
            (
                404,
                r#"{"error":"not_found","reason":"Database does not exist."}"#,
                K::NotFound,
                "not_found",
                "Database does not exist.",
                false,
            ),
            (
                400,
                r#"{"error":"bad_request","reason":"Malformed sequence supplied in 'since' parameter."}"#,
                K::BadRequest,
                "bad_request",
                "Malformed sequence supplied in 'since' parameter.",
                false,
            ),
            (
                409,
                r#"{"error":"conflict","reason":"Document update conflict."}"#,
                K::Conflict,
                "conflict",
                "Document update conflict.",
                false,
            ),
            (
                413,
                r#"{"error":"too_large","reason":"the request entity is too large"}"#,
                K::TooLarge,
                "too_large",
                "the request entity is too large",
                false,
            ),
            (
                500,
                r#"{"error":"unknown_error","reason":"function_clause"}"#,
                K::Server,
                "unknown_error",
                "function_clause",
                true,
            ),
            (
                502,
                "<html><body>Bad Gateway</body></html>\n",
                K::Server,
                "",
                "<html><body>Bad Gateway</body></html>",
                true,
            ),
            (429, "", K::Other, "", "", true),
            (418, r#"{"reason":"teapot"}"#, K::Other, "", "teapot", false),
            (200, "[1,2]", K::Other, "", "[1,2]", false),
        ];
        for (status, body, kind, error, reason, retry) in cases {
            let e = parse_error(status, body.as_bytes());
            assert_eq!(
                (e.kind(), e.status(), e.error(), e.reason(), e.retry()),
                (kind, Some(status), error, reason, retry),
                "{status} {body}"
            );
            assert!(e.code().starts_with("couch_") && !e.to_string().is_empty());
        }
    }

    #[test]
    fn a_long_foreign_body_is_cut_without_panic() {
        let body = "é".repeat(300);
        let e = parse_error(503, body.as_bytes());
        assert!(e.reason().len() <= REASON_MAX + 3);
        assert!(e.reason().starts_with("éé"));
    }
}
