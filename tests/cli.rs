//! The integration tests: one binary, one module per command (tests/cli/*.rs).

#[path = "cli/report.rs"]
mod report;
