//! What the CLI's test files share: the `encours` binary run with arguments, its JSON output
//! read, and input files written to a per-process temporary folder.
#![allow(dead_code)] // each test file uses its own part of it

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// A temporary folder of this test process, `encours-<tag>-<pid>`.
pub fn dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("encours-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes `bytes` to `name` in the folder `tag` and returns its path.
pub fn write_in(tag: &str, name: &str, bytes: &[u8]) -> String {
    let p = dir(tag).join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

/// Runs `encours` with `args`: exit code, stdout, stderr.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_encours"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `encours` with `args`, expects success and parses its JSON output.
pub fn json(args: &[&str]) -> Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}
