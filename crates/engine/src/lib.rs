//! The engine of Encours: the book, the commands that change it and the views the pages show,
//! behind named requests ([`protocol`]). In the browser it runs in a dedicated Web Worker
//! with its own wasm, compiled for speed (`opt-level = 3`), while the page stays compiled for
//! size; the page sends a [`Request`](protocol::Request) and receives a ready
//! [`Reply`](protocol::Reply), never the whole ledger.
//!
//! The handlers ([`Engine`]) are plain Rust over a [`Portfolio`](encours_core::Portfolio),
//! tested natively; the worker ([`worker`], wasm only) adds the store and the messages.

#[cfg(target_arch = "wasm32")]
mod crypto;
pub mod engine;
#[cfg(target_arch = "wasm32")]
mod http;
pub mod protocol;
#[cfg(target_arch = "wasm32")]
mod sync;
pub mod views;
#[cfg(target_arch = "wasm32")]
pub mod worker;

pub use engine::Engine;
