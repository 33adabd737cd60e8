//! The Ezhou catalog compiled into the binary, so `dabiao` works from any working directory.

use super::{CatalogSource, SourceFile};

/// Seed tables a catalog's seeds folder may hold.
pub const SEED_FILES: &[&str] = &["districts.csv", "units.csv", "towns.csv", "baselines.csv"];

macro_rules! files {
    ($dir:literal: $($name:literal),* $(,)?) => {
        vec![$(SourceFile {
            name: concat!($dir, "/", $name).to_string(),
            text: include_str!(concat!("../../", $dir, "/", $name)).to_string(),
        }),*]
    };
}

pub fn source() -> CatalogSource {
    CatalogSource {
        origin: "内置目录 (indicators/)".to_string(),
        tomls: files!("indicators": "plan.toml", "items-s1.toml", "items-s2.toml", "items-s3.toml",
            "items-s4.toml", "items-s5.toml", "items-s6.toml", "goals.toml"),
        seeds: files!("seeds": "districts.csv", "units.csv", "towns.csv", "baselines.csv",
            "policy-ezhou-2022.txt"),
    }
}
