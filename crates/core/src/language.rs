//! The languages the app writes in (drafts, exports): one type every layer can use, so that
//! reports need not reach into dunning for it.

use serde::{Deserialize, Serialize};

/// The languages drafts are written in.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    Fr,
    En,
}
