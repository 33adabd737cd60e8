//! Puts the children of Word's property elements in the order the OOXML schema fixes
//! (ECMA-376 part 1, §17.3.1.29 `pPr`, §17.3.2.28 `rPr`, §17.4.66 `tblPr`, §17.4.70 `tcPr`,
//! §17.6.17 `sectPr`). docx-rs writes, for one, a run's size before its fonts (`sz, szCs,
//! rFonts`); LibreOffice reads any order, but Word may drop a property that is out of place —
//! the 仿宋/黑体 fonts of the whole report. Every other element and all text pass through as
//! they are.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

/// The schema's order of each property element's children (local names, `w:` namespace).
fn order(parent: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "w:rPr" => &[
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
        ],
        "w:pPr" => &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
        "w:tblPr" => &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
        ],
        "w:tcPr" => &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
        ],
        "w:sectPr" => &[
            "headerReference",
            "footerReference",
            "footnotePr",
            "endnotePr",
            "type",
            "pgSz",
            "pgMar",
            "paperSrc",
            "pgBorders",
            "lnNumType",
            "pgNumType",
            "cols",
            "formProt",
            "vAlign",
            "noEndnote",
            "titlePg",
            "textDirection",
            "bidi",
            "rtlGutter",
            "docGrid",
            "printerSettings",
        ],
        _ => return None,
    })
}

/// An element with its subtree, or any other piece of the document.
enum Node {
    Element {
        start: BytesStart<'static>,
        children: Vec<Node>,
    },
    Empty(BytesStart<'static>),
    Other(Event<'static>),
}

impl Node {
    fn name(&self) -> &str {
        match self {
            Node::Element { start, .. } | Node::Empty(start) => start.name().into_inner(),
            Node::Other(_) => "",
        }
    }
}

/// The document with its property elements' children in schema order; the text unchanged
/// when it cannot be parsed (it is our own writer's output, so that is not expected).
pub fn schema_order(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    match parse(&mut reader) {
        Some(nodes) => {
            let mut w = Writer::new(Vec::new());
            if nodes.iter().try_for_each(|n| write(&mut w, n)).is_err() {
                return xml.to_string();
            }
            String::from_utf8(w.into_inner()).unwrap_or_else(|_| xml.to_string())
        }
        None => xml.to_string(),
    }
}

/// Nodes up to the end of the current element (or of the document).
fn parse(reader: &mut Reader<&[u8]>) -> Option<Vec<Node>> {
    let mut nodes = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(s) => {
                let start = s.into_owned();
                let mut children = parse(reader)?;
                if let Some(rank) = order(start.name().into_inner()) {
                    sort(&mut children, rank);
                }
                nodes.push(Node::Element { start, children });
            }
            Event::End(_) | Event::Eof => return Some(nodes),
            Event::Empty(s) => nodes.push(Node::Empty(s.into_owned())),
            other => nodes.push(Node::Other(other.into_owned())),
        }
    }
}

/// Stable: children the list does not name keep their place after the named ones.
fn sort(children: &mut [Node], rank: &[&str]) {
    let pos = |n: &Node| {
        let name = n.name();
        let local = name.strip_prefix("w:").unwrap_or(name);
        rank.iter().position(|r| *r == local).unwrap_or(rank.len())
    };
    children.sort_by_key(pos);
}

fn write(w: &mut Writer<Vec<u8>>, n: &Node) -> std::io::Result<()> {
    match n {
        Node::Element { start, children } => {
            w.write_event(Event::Start(start.borrow()))?;
            for c in children {
                write(w, c)?;
            }
            w.write_event(Event::End(start.to_end()))
        }
        Node::Empty(s) => w.write_event(Event::Empty(s.borrow())),
        Node::Other(e) => w.write_event(e.borrow()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_and_paragraph_properties_come_in_schema_order() {
        let xml = r#"<w:p><w:pPr><w:rPr /><w:jc w:val="center" /><w:keepNext /></w:pPr><w:r><w:rPr><w:sz w:val="32" /><w:b /><w:rFonts w:eastAsia="仿宋" /></w:rPr><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#;
        assert_eq!(
            schema_order(xml),
            r#"<w:p><w:pPr><w:keepNext /><w:jc w:val="center" /><w:rPr /></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="仿宋" /><w:b /><w:sz w:val="32" /></w:rPr><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#
        );
    }
}
