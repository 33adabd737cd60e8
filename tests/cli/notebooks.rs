//! Issue 9: the notebooks execute against a demo folder, failing on any cell error.
//!
//! They need a Python with nbclient, ipykernel and polars: `.ci/run` makes one and sets
//! `DABIAO_NOTEBOOK_PYTHON`. Without it the test says so and passes locally, but fails under CI.

use crate::{dabiao, repo, tempdir};

#[test]
fn notebooks_execute_on_the_demo_output() {
    let Some(python) = std::env::var_os("DABIAO_NOTEBOOK_PYTHON") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set DABIAO_NOTEBOOK_PYTHON (see .ci/run)"
        );
        eprintln!("skipped: DABIAO_NOTEBOOK_PYTHON is not set (run `bash .ci/run` or see notebooks/requirements.txt)");
        return;
    };
    let dir = tempdir();
    dabiao(dir.path())
        .args(["demo", "--out", "demo"])
        .assert()
        .success();
    let notebooks = repo().join("notebooks");
    let out = std::process::Command::new(python)
        .arg(notebooks.join("run.py"))
        .arg(notebooks.join("monthly-review.ipynb"))
        .arg(notebooks.join("goals.ipynb"))
        .env("DABIAO_BIN", env!("CARGO_BIN_EXE_dabiao"))
        .env("DABIAO_DEMO_DIR", dir.path().join("demo"))
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "notebook failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("monthly-review.ipynb: 10 code cells ran")
            && stdout.contains("goals.ipynb: 7 code cells ran"),
        "{stdout}"
    );
}

#[test]
fn notebooks_are_saved_without_outputs() {
    for nb in ["monthly-review.ipynb", "goals.ipynb"] {
        let text = std::fs::read_to_string(repo().join("notebooks").join(nb)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for cell in v["cells"].as_array().unwrap() {
            if cell["cell_type"] == "code" {
                assert_eq!(
                    cell["outputs"],
                    serde_json::json!([]),
                    "{nb} has saved outputs"
                );
                assert!(
                    cell["execution_count"].is_null(),
                    "{nb} has an execution count"
                );
            }
        }
    }
}
