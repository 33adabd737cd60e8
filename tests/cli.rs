//! The single integration-test binary: runs the built `dabiao` in a temp folder per test.

#[path = "cli/extract.rs"]
mod extract;
