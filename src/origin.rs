//! Who makes the events: this device (a random 64-bit id drawn once, and the name its user
//! gave it) and the person (the "your name" setting), plus fresh event ids.
//!
//! The device id and both names live in localStorage, not in IndexedDB: they describe this
//! browser and this person, so a restored backup (another device's data) must not bring them
//! along, and reading them needs no await (an event is made inside a synchronous update).

use crate::util::prefs;
use encours_core::portfolio::command::Context;
use encours_core::portfolio::event::Origin;

/// localStorage keys.
pub const PREF_DEVICE: &str = "encours.device";
pub const PREF_DEVICE_NAME: &str = "encours.device_name";
pub const PREF_AUTHOR: &str = "encours.author";

/// `n` random bytes from `crypto.getRandomValues` (a cryptographic source: two devices never
/// draw the same 128-bit id in practice). Without it (no window), the clock and
/// `Math.random`, which still differ between devices.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    let drawn = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut out).is_ok());
    if !drawn {
        for (k, b) in out.iter_mut().enumerate() {
            let r = js_sys::Math::random() * 256.0;
            *b = (r as u8) ^ ((js_sys::Date::now() as u64 >> (k % 8)) as u8);
        }
    }
    out
}

/// A fresh event id: 128 random bits.
pub fn event_id() -> u128 {
    u128::from_le_bytes(random_bytes::<16>())
}

/// This device's id, drawn on first use and kept in localStorage.
pub fn device() -> u64 {
    if let Some(id) = prefs::get(PREF_DEVICE).and_then(|s| u64::from_str_radix(&s, 16).ok()) {
        return id;
    }
    let id = u64::from_le_bytes(random_bytes::<8>());
    prefs::set(PREF_DEVICE, &format!("{id:016x}"));
    id
}

/// The name the user gave this device (empty until they do).
pub fn device_name() -> String {
    prefs::get(PREF_DEVICE_NAME).unwrap_or_default()
}

pub fn set_device_name(name: &str) {
    prefs::set(PREF_DEVICE_NAME, name.trim());
}

/// The person's name the events carry (empty until set).
pub fn author() -> String {
    prefs::get(PREF_AUTHOR).unwrap_or_default()
}

pub fn set_author(name: &str) {
    prefs::set(PREF_AUTHOR, name.trim());
}

/// Who makes the events now.
pub fn origin() -> Origin {
    Origin {
        device: device(),
        device_name: device_name(),
        author: author(),
    }
}

/// Now, in milliseconds since 1970-01-01 UTC.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Runs `f` with a command [`Context`] for `today`, made by [`origin`] now, its ids drawn by
/// [`event_id`].
pub fn with_context<R>(today: chrono::NaiveDate, f: impl FnOnce(&mut Context) -> R) -> R {
    let origin = origin();
    let mut ids = event_id;
    let mut cx = Context {
        today,
        at: now_ms(),
        origin: &origin,
        ids: &mut ids,
    };
    f(&mut cx)
}
