//! Library errors. Data errors keep their place (file, sheet, cell, line) as fields so callers can
//! sort, count and render them; the binary renders the chain once.

use std::path::PathBuf;

/// A place in an input: a file, and within it a sheet and A1 cell, or a line.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub line: Option<usize>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        match (&self.sheet, &self.cell, self.line) {
            (Some(s), Some(c), _) => write!(f, " · {s}!{c}"),
            (Some(s), None, _) => write!(f, " · {s}"),
            (None, _, Some(l)) => write!(f, ":{l}"),
            _ => Ok(()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The I/O error is part of the message and deliberately not a `source()`: the binary
    /// prints the chain (`{:#}`), which showed the reason twice. Reads and writes both land here.
    #[error("读写 {path} 失败: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{place}: {message}")]
    Data { place: Place, message: String },
    #[error("目录检查未通过（{} 个错误）:\n{}", .problems.len(), render_list(.problems))]
    CatalogInvalid {
        problems: Vec<crate::catalog::Problem>,
    },
    #[error("{0}")]
    Usage(String),
    #[error("数据仓库 {path}: {message}")]
    Store { path: PathBuf, message: String },
    #[error("表格计算失败")]
    Polars(#[from] polars::error::PolarsError),
    #[error("写入 xlsx 失败")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("绘图失败: {0}")]
    Chart(String),
}

fn render_list(problems: &[crate::catalog::Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause: source,
        }
    }

    pub fn data(place: Place, message: impl Into<String>) -> Self {
        Error::Data {
            place,
            message: message.into(),
        }
    }

    /// Whether the error is about the user's input (exit 1) rather than the run itself (exit 2).
    pub fn is_input_error(&self) -> bool {
        matches!(self, Error::Data { .. } | Error::CatalogInvalid { .. })
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}
