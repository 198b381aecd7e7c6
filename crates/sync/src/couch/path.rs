//! The paths (with their queries) of the requests the sync loop makes, relative to the
//! server's root URL: the caller prefixes its origin and sends them.

/// Percent-encodes all but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`): safe
/// in a path segment and in a query value alike. A CouchDB 3 seq (`12-g1AAAAFTeJzLYWBg…`)
/// and a database name (`a/b` is a valid one) both need it.
pub fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// `GET` the changes after `since` (`"0"` for all), with their documents: at most `limit`
/// rows if given; with a long-poll timeout, the server holds the request open until a
/// change comes or the time is up (then answers with no rows and the same `last_seq`).
pub fn changes_path(
    db: &str,
    since: &str,
    longpoll_timeout_ms: Option<u32>,
    limit: Option<u32>,
) -> String {
    let mut p = format!(
        "/{}/_changes?include_docs=true&since={}",
        encode(db),
        encode(since)
    );
    if let Some(t) = longpoll_timeout_ms {
        p.push_str(&format!("&feed=longpoll&timeout={t}"));
    }
    if let Some(l) = limit {
        p.push_str(&format!("&limit={l}"));
    }
    p
}

/// `POST` documents ([`bulk_docs_body`](super::bulk_docs_body)).
pub fn bulk_docs_path(db: &str) -> String {
    format!("/{}/_bulk_docs", encode(db))
}

/// `POST` documents by id ([`all_docs_body`](super::all_docs_body)): the parts an
/// [`Assembler`](crate::parts::Assembler) still misses.
pub fn all_docs_path(db: &str) -> String {
    format!("/{}/_all_docs?include_docs=true", encode(db))
}

/// `GET` or `PUT` the checkpoint named `name` (the `_local/` stays as is: it is how
/// CouchDB knows a local document).
pub fn checkpoint_path(db: &str, name: &str) -> String {
    format!("/{}/_local/{}", encode(db), encode(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_encode_what_they_carry() {
        let cases = [
            (changes_path("encours", "0", None, None), "/encours/_changes?include_docs=true&since=0"),
            (
                changes_path("encours", "12-g1AAAA_x~y", Some(25_000), Some(100)),
                "/encours/_changes?include_docs=true&since=12-g1AAAA_x~y&feed=longpoll&timeout=25000&limit=100",
            ),
            (
                changes_path("a/b$c", "3-g1+/=&?# é", None, Some(0)),
                "/a%2Fb%24c/_changes?include_docs=true&since=3-g1%2B%2F%3D%26%3F%23%20%C3%A9&limit=0",
            ),
            (changes_path("db", "42", Some(0), None), "/db/_changes?include_docs=true&since=42&feed=longpoll&timeout=0"),
            (bulk_docs_path("u-1(x)"), "/u-1%28x%29/_bulk_docs"),
            (all_docs_path("db"), "/db/_all_docs?include_docs=true"),
            (checkpoint_path("db", "pull-00ff"), "/db/_local/pull-00ff"),
            (checkpoint_path("db", "a/b"), "/db/_local/a%2Fb"),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }
}
