//! The sync's encryption, by the browser's WebCrypto (in the worker): a key derived from the
//! passphrase (PBKDF2-SHA-256), then AES-GCM-256 with a fresh random IV for each document.
//!
//! WebCrypto rather than a Rust crate: the browser's PBKDF2 runs its 600,000 rounds natively
//! (a wasm build would take seconds), and AES-GCM's tag check is the browser's, audited code.
//! The key never leaves the worker: it is derived as non-extractable.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// PBKDF2 rounds: OWASP's 2023 figure for PBKDF2-HMAC-SHA-256, the floor.
pub const ROUNDS: u32 = 600_000;
/// Bytes of an AES-GCM IV (96 bits, the size GCM is defined for).
pub const IV_LEN: usize = 12;

/// What WebCrypto refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CryptoError {
    /// The browser has no WebCrypto here (an insecure context: http on a non-loopback host).
    Unavailable,
    /// The ciphertext does not open with this key: a wrong passphrase, or a document truncated
    /// or altered (AES-GCM's tag cannot tell which, and need not).
    Refused,
    /// Another failure, in the browser's words.
    Other(String),
}

/// A derived key, usable for encrypt and decrypt only.
#[derive(Clone)]
pub struct Key(web_sys::CryptoKey);

fn subtle() -> Result<web_sys::SubtleCrypto, CryptoError> {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let crypto = scope.crypto().map_err(|_| CryptoError::Unavailable)?;
    let subtle = crypto.subtle();
    if subtle.is_undefined() {
        return Err(CryptoError::Unavailable);
    }
    Ok(subtle)
}

/// `n` bytes from `crypto.getRandomValues`.
pub fn random(n: usize) -> Vec<u8> {
    let mut b = vec![0u8; n];
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    if let Ok(c) = scope.crypto() {
        let _ = c.get_random_values_with_u8_array(&mut b);
    }
    b
}

fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn other(e: JsValue) -> CryptoError {
    CryptoError::Other(
        Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| format!("{e:?}")),
    )
}

async fn wait(p: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(p?).await
}

/// The AES-GCM-256 key of `passphrase` and the portfolio's `salt`, by PBKDF2-SHA-256 with
/// `rounds` rounds.
pub async fn derive(passphrase: &str, salt: &[u8], rounds: u32) -> Result<Key, CryptoError> {
    let s = subtle()?;
    let raw = Uint8Array::from(passphrase.as_bytes());
    let usages = Array::of1(&"deriveKey".into());
    let base = wait(s.import_key_with_str("raw", &raw, "PBKDF2", false, &usages))
        .await
        .map_err(other)?;
    let params = obj(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", rounds.into()),
    ]);
    let kind = obj(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let key = wait(s.derive_key_with_object_and_object(
        &params,
        base.unchecked_ref(),
        &kind,
        false,
        &usages,
    ))
    .await
    .map_err(other)?;
    Ok(Key(key.unchecked_into()))
}

/// AES-GCM with `iv` and `aad` (the additional data the tag also covers: a document's id,
/// so that a part cannot pass for another).
fn gcm(iv: &[u8], aad: &[u8]) -> Object {
    obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
        ("additionalData", Uint8Array::from(aad).into()),
    ])
}

/// `plain` encrypted under `key` with `iv` (fresh and random for each document: see
/// [`random`]): the ciphertext with its 16-byte tag.
pub async fn seal(key: &Key, iv: &[u8], plain: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let s = subtle()?;
    let data = Uint8Array::from(plain);
    let out = wait(s.encrypt_with_object_and_buffer_source(&gcm(iv, aad), &key.0, &data))
        .await
        .map_err(other)?;
    Ok(Uint8Array::new(&out).to_vec())
}

/// The plaintext of `ct`, or [`CryptoError::Refused`] when its tag does not check.
pub async fn open(key: &Key, iv: &[u8], ct: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if iv.len() != IV_LEN {
        return Err(CryptoError::Refused);
    }
    let s = subtle()?;
    let data = Uint8Array::from(ct);
    match wait(s.decrypt_with_object_and_buffer_source(&gcm(iv, aad), &key.0, &data)).await {
        Ok(out) => Ok(Uint8Array::new(&out).to_vec()),
        // WebCrypto says OperationError for a tag that does not check.
        Err(_) => Err(CryptoError::Refused),
    }
}
