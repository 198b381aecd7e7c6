//! Text kept inline when it is short: the invoice numbers of imported rows.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;

/// Longest text kept inline.
const INLINE: usize = 22;

/// A string of up to 22 bytes held in place, longer ones on the heap; reads as a `&str`.
///
/// A file of 100,000 invoices has 100,000 invoice numbers of ten bytes or so: allocating each
/// one (and freeing it when the parse is dropped) was a tenth of reading the file.
///
/// ```
/// use encours_core::import::ShortText;
/// let n = ShortText::from("F2025-000123");
/// assert_eq!(&*n, "F2025-000123");
/// assert_eq!(n.len(), 12);
/// assert_eq!(ShortText::from("a number longer than twenty-two bytes").to_string().len(), 37);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ShortText(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl ShortText {
    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Only ever filled from a `&str` cut at its end: always valid.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }
}

impl From<&str> for ShortText {
    fn from(s: &str) -> Self {
        let mut bytes = [0; INLINE];
        match bytes.get_mut(..s.len()) {
            Some(to) => {
                to.copy_from_slice(s.as_bytes());
                ShortText(Repr::Inline {
                    len: s.len() as u8,
                    bytes,
                })
            }
            None => ShortText(Repr::Heap(s.into())),
        }
    }
}

impl From<String> for ShortText {
    fn from(s: String) -> Self {
        if s.len() <= INLINE {
            ShortText::from(s.as_str())
        } else {
            ShortText(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl Deref for ShortText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for ShortText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ShortText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for ShortText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ShortText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(ShortText::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_text_read_back_the_same() {
        for s in [
            "",
            "F1",
            "é",
            "twenty-two bytes long!",
            "twenty-three bytes long",
            "a",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain(["x".repeat(200), "ééééééééééé".into(), "éééééééééééa".into()])
        {
            let a = ShortText::from(s.as_str());
            let b = ShortText::from(s.clone());
            assert_eq!(a.as_str(), s);
            assert_eq!(a, b, "{s:?}: one representation whatever the source");
            assert_eq!(format!("{a}|{a:?}"), format!("{s}|{s:?}"));
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, serde_json::to_string(&s).unwrap());
            assert_eq!(serde_json::from_str::<ShortText>(&json).unwrap(), a);
        }
        assert_ne!(ShortText::from("F1"), ShortText::from("F1\0"));
    }
}
