//! What the extractor was unsure of, for the person who reviews the draft (review.md).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A stated count (`深化5个方面改革`) differs from the list that follows.
    CountMismatch,
    /// An item without responsible units.
    NoUnits,
    /// A number whose unit is unknown.
    UnknownUnit,
    /// Something decided by rule that a person should confirm.
    Guess,
    /// Headings, numbering, brackets.
    Structure,
    /// Text read but not used.
    Ignored,
}

impl NoteKind {
    pub fn zh(self) -> &'static str {
        match self {
            NoteKind::CountMismatch => "数量不符",
            NoteKind::NoUnits => "缺责任单位",
            NoteKind::UnknownUnit => "单位未知",
            NoteKind::Guess => "推测",
            NoteKind::Structure => "结构",
            NoteKind::Ignored => "未采用",
        }
    }
}

/// One uncertainty, tied to a work item when it concerns one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewNote {
    pub item: Option<u32>,
    pub kind: NoteKind,
    pub message: String,
}

impl ReviewNote {
    pub fn general(kind: NoteKind, message: impl Into<String>) -> Self {
        ReviewNote {
            item: None,
            kind,
            message: message.into(),
        }
    }

    pub fn item(no: u32, kind: NoteKind, message: impl Into<String>) -> Self {
        ReviewNote {
            item: Some(no),
            kind,
            message: message.into(),
        }
    }
}

/// review.md: general notes first, then by item; within a group in the order found.
pub fn render(notes: &[ReviewNote], source: &str) -> String {
    let mut out = String::from("# 抽取草稿审核清单\n\n");
    out.push_str(&format!(
        "由 `dabiao extract` 从 {source} 自动生成。以下 {} 条是程序没有把握的地方，请逐条核对草稿后再用 `dabiao catalog check` 检查。\n",
        notes.len()
    ));
    let mut sorted: Vec<(usize, &ReviewNote)> = notes.iter().enumerate().collect();
    sorted.sort_by_key(|(i, n)| (n.item, *i));
    let mut current: Option<Option<u32>> = None;
    for (_, n) in sorted {
        if current != Some(n.item) {
            current = Some(n.item);
            match n.item {
                None => out.push_str("\n## 全文\n\n"),
                Some(no) => out.push_str(&format!("\n## 第 {no} 项\n\n")),
            }
        }
        out.push_str(&format!(
            "- [{}] {}\n",
            n.kind.zh(),
            n.message.replace('\n', " ")
        ));
    }
    if notes.is_empty() {
        out.push_str("\n没有需要核对的地方。\n");
    }
    out
}
