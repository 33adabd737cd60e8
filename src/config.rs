//! The project file `dabiao.toml`: where the warehouse and catalog live, targets files, status
//! bands, the reporting deadline, the office's time zone and the size limits for reading files. Every key is optional; unknown keys are errors.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Place, Result};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub warehouse: Option<PathBuf>,
    pub catalog: Option<PathBuf>,
    #[serde(default)]
    pub targets: Vec<PathBuf>,
    #[serde(default)]
    pub progress: crate::progress::Bands,
    #[serde(default)]
    pub completeness: Completeness,
    /// Size limits for reading submissions (`[limits]`: `max_file_bytes`, `max_unzipped_bytes`,
    /// `max_cells`), each defaulting to `Limits::default()`.
    #[serde(default)]
    pub limits: crate::ingest::Limits,
    /// The office's time zone (`timezone = "Asia/Shanghai"`, the default): see [`crate::timezone`].
    pub timezone: Option<String>,
    /// 督办通知 (`[notice]`: `reply_by_day`, `issuer`).
    #[serde(default)]
    pub notice: Notice,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// Units reply by this day of the month after the as-of month (default 20).
    pub reply_by_day: u32,
    /// Who signs the notice (default: the plan's region and 统计局, `鄂州市统计局`).
    pub issuer: Option<String>,
}

impl Default for Notice {
    fn default() -> Self {
        Notice {
            reply_by_day: 20,
            issuer: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Completeness {
    /// Submissions for month m are on time when received by this day of month m + 1.
    pub due_day: u32,
}

impl Default for Completeness {
    fn default() -> Self {
        Completeness { due_day: 10 }
    }
}

impl Config {
    /// The office's offset from UTC: `timezone`, Beijing time by default (checked by `load`).
    pub fn offset(&self) -> chrono::FixedOffset {
        (self.timezone.as_deref())
            .and_then(crate::timezone::parse)
            .unwrap_or_else(crate::timezone::beijing)
    }

    /// When month m's submissions are due: `[completeness] due_day` of month m + 1, local time.
    pub fn due(&self) -> crate::progress::completeness::Due {
        crate::progress::completeness::Due {
            day: self.completeness.due_day,
            offset: self.offset(),
        }
    }

    /// Reads `path`; relative paths inside are taken from the file's folder.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut c: Config = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            Error::data(
                Place {
                    file: path.display().to_string(),
                    line,
                    ..Default::default()
                },
                e.message().to_string(),
            )
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let rebase = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        c.warehouse.as_mut().map(rebase);
        c.catalog.as_mut().map(rebase);
        c.targets.iter_mut().for_each(rebase);
        if let Some(tz) = c
            .timezone
            .as_deref()
            .filter(|t| crate::timezone::parse(t).is_none())
        {
            return Err(Error::data(
                Place {
                    file: path.display().to_string(),
                    ..Default::default()
                },
                format!(
                    "timezone = \"{tz}\" 不是可识别的时区（可填：{}）",
                    crate::timezone::accepted()
                ),
            ));
        }
        c.progress.check().map_err(|m| {
            Error::data(
                Place {
                    file: path.display().to_string(),
                    ..Default::default()
                },
                m,
            )
        })?;
        Ok(c)
    }

    /// `dabiao.toml` in the working directory, when there is one.
    pub fn discover() -> Result<Config> {
        let p = Path::new("dabiao.toml");
        if p.exists() {
            Config::load(p)
        } else {
            Ok(Config::default())
        }
    }
}
