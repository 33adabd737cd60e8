//! The one integration-test binary: runs the built `dabiao` in a temporary folder with a cleared
//! environment, one module per command.

#[path = "cli/chart.rs"]
mod chart;

use std::path::Path;

use assert_cmd::Command;

/// `dabiao` run in `dir` with nothing from the caller's environment.
pub fn dabiao(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("dabiao").expect("dabiao binary");
    cmd.env_clear().current_dir(dir);
    cmd
}
