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
    #[error("读写 {path} 失败: {}", io_words(.cause))]
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

/// What went wrong with a file, in words (`文件或文件夹不存在`, not the system's
/// `No such file or directory (os error 2)`); a cause without words of its own as the system
/// says it, without the error number.
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let words = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有权限（文件可能只读，或正被其他程序打开）",
        K::AlreadyExists => "文件已存在",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::StorageFull => "磁盘已满",
        K::ReadOnlyFilesystem => "磁盘是只读的",
        K::UnexpectedEof => "文件不完整（可能没有保存完或传输中断）",
        K::InvalidFilename => "文件名无效",
        K::ResourceBusy => "文件正被其他程序使用",
        K::TimedOut => "等待超时",
        _ => "",
    };
    if !words.is_empty() {
        return words.to_string();
    }
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_errors_read_in_words() {
        let missing = std::fs::read("/nonexistent/报送/2022-08/").unwrap_err();
        assert_eq!(io_words(&missing), "文件或文件夹不存在");
        let e = Error::io("报送/2022-08/", missing);
        assert_eq!(e.to_string(), "读写 报送/2022-08/ 失败: 文件或文件夹不存在");
        let other = std::io::Error::other("磁盘坏了");
        assert_eq!(io_words(&other), "磁盘坏了");
    }
}
