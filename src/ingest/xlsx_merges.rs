//! Merged cells of an .xlsx workbook, and its cells formatted as percentages. calamine's
//! `merge_cells_by_sheet_name` parses a sheet's whole XML a second time to reach `<mergeCells>`
//! at its end — as much work as reading the cells, a fifth of all reading time on the benchmark.
//! Here each sheet's XML is only inflated and searched for `<mergeCell` tags and, when the
//! workbook has a percent style at all, for the `<c>` tags that use one: calamine gives such a
//! cell as 0.92 where the sender sees and means 92%.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use memchr::memmem;

use super::ods_merges::{attr, Region};

/// What the scan finds in one sheet: merged regions, and the zero-based (row, column) of cells
/// formatted as percentages.
#[derive(Debug, Default, PartialEq)]
pub struct Marks {
    pub merges: Vec<Region>,
    pub percent: Vec<(u32, u32)>,
    /// Hidden columns, zero-based (first, last): `<col min max hidden="1">` (xlsx),
    /// `<table:table-column table:visibility="collapse">` (ods).
    pub hidden_cols: Vec<(u32, u32)>,
}

/// [`Marks`] per sheet name, for every sheet whose XML was found (empty when it has none);
/// `None` when the workbook's parts cannot be mapped to sheets, and calamine reads them.
pub fn marks(bytes: &[u8]) -> Option<HashMap<String, Marks>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let percent_styles = entry(&mut zip, "xl/styles.xml")
        .and_then(|b| String::from_utf8(b).ok())
        .map(|x| percent_styles(&x))
        .unwrap_or_default();
    let workbook = String::from_utf8(entry(&mut zip, "xl/workbook.xml")?).ok()?;
    let rels = String::from_utf8(entry(&mut zip, "xl/_rels/workbook.xml.rels")?).ok()?;
    let targets: HashMap<String, String> = tags(&rels, "Relationship")
        .filter_map(|t| Some((attr(t, "Id")?.into_owned(), part_path(&attr(t, "Target")?))))
        .collect();
    let mut out = HashMap::new();
    for t in tags(&workbook, "sheet") {
        let (Some(name), Some(id)) = (attr(t, "name"), attr(t, "r:id")) else {
            continue;
        };
        let Some(sheet) = targets.get(id.as_ref()).and_then(|p| zip.by_name(p).ok()) else {
            continue;
        };
        out.insert(name.into_owned(), scan_reader(sheet, &percent_styles));
    }
    Some(out)
}

/// The cell styles (`s` indexes into `<cellXfs>`) whose number format shows a percentage: the
/// built-in formats 9 (`0%`) and 10 (`0.00%`), or a custom one with `%` outside quotes.
fn percent_styles(styles: &str) -> HashSet<u32> {
    let custom: HashSet<String> = tags(styles, "numFmt")
        .filter(|t| attr(t, "formatCode").is_some_and(|f| shows_percent(&f)))
        .filter_map(|t| attr(t, "numFmtId").map(|id| id.into_owned()))
        .collect();
    let Some(xfs) = styles
        .split_once("cellXfs")
        .and_then(|(_, rest)| rest.split_once("cellXfs"))
        .map(|(inside, _)| inside)
    else {
        return HashSet::new();
    };
    (tags(xfs, "xf").enumerate())
        .filter(|(_, t)| {
            attr(t, "numFmtId").is_some_and(|id| id == "9" || id == "10" || custom.contains(&*id))
        })
        .map(|(i, _)| i as u32)
        .collect()
}

/// Whether a number format shows a percentage (`0.0%`, but not `0"%"` or `[Red]`-only text).
pub(super) fn shows_percent(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A small archive entry's bytes (workbook.xml and its relationships).
fn entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut f = zip.by_name(name).ok()?;
    let mut out = Vec::with_capacity(f.size().min(1 << 20) as usize);
    f.read_to_end(&mut out).ok()?;
    Some(out)
}

/// [`scan`] over a sheet read in pieces: a sheet may inflate to hundreds of megabytes within the
/// limits, and only its tags matter. Each piece is scanned up to its last `<` (a tag not yet
/// closed is kept for the next piece; `<` cannot occur inside a tag).
fn scan_reader(mut r: impl Read, percent_styles: &HashSet<u32>) -> Marks {
    let (mut out, mut buf) = (Marks::default(), Vec::new());
    let mut piece = vec![0u8; 64 * 1024];
    while let Ok(n @ 1..) = r.read(&mut piece) {
        buf.extend_from_slice(&piece[..n]);
        let cut = memchr::memrchr(b'<', &buf).unwrap_or(buf.len());
        scan_into(&buf[..cut], percent_styles, &mut out);
        buf.drain(..cut);
        if buf.len() > 1 << 20 {
            buf.clear(); // a megabyte without a `<`: no tag of ours
        }
    }
    scan_into(&buf, percent_styles, &mut out);
    out
}

/// A relationship target as an archive path: relative to `xl/`, or absolute from the root.
fn part_path(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("xl/{target}"),
    }
}

/// The start tags `<name …>` (any namespace prefix) of a small document, without the `<`.
fn tags<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> {
    xml.split('<').filter(move |t| {
        let qname = t
            .split([' ', '/', '>', '\t', '\r', '\n'])
            .next()
            .unwrap_or("");
        qname.rsplit(':').next() == Some(name)
    })
}

fn scan_into(xml: &[u8], percent_styles: &HashSet<u32>, out: &mut Marks) {
    out.merges.extend(scan(xml));
    out.hidden_cols.extend(hidden_cols(xml));
    if !percent_styles.is_empty() {
        out.percent.extend(percent_cells(xml, percent_styles));
    }
}

/// The cells (`<c r="E3" s="5">`) whose style is one of `styles`.
fn percent_cells<'a>(
    xml: &'a [u8],
    styles: &'a HashSet<u32>,
) -> impl Iterator<Item = (u32, u32)> + 'a {
    memmem::find_iter(xml, b"<c ").filter_map(move |at| {
        let tag = &xml[at..];
        let tag =
            std::str::from_utf8(&tag[..memchr::memchr(b'>', tag).unwrap_or(tag.len())]).ok()?;
        let style: u32 = attr(tag, "s")?.parse().ok()?;
        styles.contains(&style).then(|| cell(&attr(tag, "r")?))?
    })
}

/// The `<col min="3" max="3" hidden="1">` ranges of a sheet's XML, zero-based.
fn hidden_cols(xml: &[u8]) -> impl Iterator<Item = (u32, u32)> + '_ {
    memmem::find_iter(xml, b"<col ").filter_map(move |at| {
        let tag = &xml[at..];
        let tag =
            std::str::from_utf8(&tag[..memchr::memchr(b'>', tag).unwrap_or(tag.len())]).ok()?;
        let hidden = attr(tag, "hidden").is_some_and(|h| h == "1" || h == "true");
        let num = |name| attr(tag, name)?.parse::<u32>().ok()?.checked_sub(1);
        hidden.then(|| Some((num("min")?, num("max")?)))?
    })
}

/// The `ref` of every `<mergeCell>` in a sheet's XML. Cell text cannot hold a literal `<`, so a
/// byte search finds exactly the tags.
pub fn scan(xml: &[u8]) -> Vec<Region> {
    let mut out = Vec::new();
    for at in memmem::find_iter(xml, b"mergeCell") {
        let opens = at > 0 && matches!(xml[at - 1], b'<' | b':');
        let after = xml.get(at + b"mergeCell".len()).copied();
        if !opens || !matches!(after, Some(b' ' | b'\t' | b'\r' | b'\n')) {
            continue; // `<mergeCells`, `</mergeCell>`, or a namespace's name
        }
        let tag = &xml[at..];
        let tag = &tag[..memchr::memchr(b'>', tag).unwrap_or(tag.len())];
        let region = std::str::from_utf8(tag)
            .ok()
            .and_then(|t| attr(t, "ref"))
            .and_then(|r| range(&r));
        out.extend(region);
    }
    out
}

/// `B2:D4` (or a single `B2`) → zero-based corners.
fn range(r: &str) -> Option<Region> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    Some((cell(a)?, cell(b)?))
}

/// `D4` → (3, 3); `$D$4` too.
fn cell(a1: &str) -> Option<(u32, u32)> {
    let a1 = a1.trim().replace('$', "");
    let split = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = a1.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.chars().try_fold(0u32, |acc, c| {
        c.is_ascii_alphabetic()
            .then(|| acc * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1))
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_columns_are_found() {
        let xml = br#"<cols><col min="1" max="2" width="9"/><col min="3" max="3" hidden="1"/><col min="5" max="7" hidden="true" width="0"/></cols><sheetData/>"#;
        assert_eq!(hidden_cols(xml).collect::<Vec<_>>(), vec![(2, 2), (4, 6)]);
    }

    #[test]
    fn merge_refs_are_found_by_scanning() {
        let xml =
            br#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>
            <mergeCells count="3"><mergeCell ref="A1:F1"/><x:mergeCell ref="$B$3:B5"/>
            <mergeCell ref="AA10"/><mergeCell ref="bogus"/></mergeCells></worksheet>"#;
        assert_eq!(
            scan(xml),
            vec![((0, 0), (0, 5)), ((2, 1), (4, 1)), ((9, 26), (9, 26))]
        );
        assert_eq!(scan(b"<mergeCells count=\"0\"></mergeCells>"), vec![]);
        // Read in pieces of any size, the same tags are found.
        struct Drip<'a>(&'a [u8], usize);
        impl Read for Drip<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(self.0.len()).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let none = HashSet::new();
        for size in [1, 7, 64, 4096] {
            assert_eq!(
                scan_reader(Drip(xml, size), &none).merges,
                scan(xml),
                "pieces of {size}"
            );
        }
    }

    #[test]
    fn percent_styles_and_cells() {
        let styles = r#"<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0&quot;%&quot;"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="9"/></cellStyleXfs>
            <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="10"/></cellXfs></styleSheet>"#;
        let p = percent_styles(styles);
        assert_eq!(p, HashSet::from([1, 2, 4]));
        let sheet = br#"<row r="3"><c r="E3" s="1"><v>0.92</v></c><c r="F3" s="3"><v>5</v></c><c r="G3"><v>1</v></c><c r="H3" s="4" t="n"><v>0.5</v></c></row>"#;
        assert_eq!(
            percent_cells(sheet, &p).collect::<Vec<_>>(),
            vec![(2, 4), (2, 7)]
        );
        assert!(shows_percent("0.00%") && !shows_percent("0\"%\"") && !shows_percent("0\\%"));
    }

    #[test]
    fn sheets_are_mapped_to_their_parts() {
        let mut buf = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        let files = [
            (
                "xl/workbook.xml",
                r#"<workbook><sheets><sheet name="6月 &amp; 7月" sheetId="1" r:id="rId2"/><sheet name="说明" sheetId="2" r:id="rId1"/></sheets></workbook>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet2.xml"/><Relationship Id="rId2" Target="/xl/worksheets/sheet1.xml"/></Relationships>"#,
            ),
            (
                "xl/worksheets/sheet1.xml",
                r#"<worksheet><mergeCells><mergeCell ref="A1:C1"/></mergeCells></worksheet>"#,
            ),
            ("xl/worksheets/sheet2.xml", "<worksheet/>"),
        ];
        for (name, text) in files {
            z.start_file(name, opts).unwrap();
            std::io::Write::write_all(&mut z, text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
        let m = marks(buf.get_ref()).unwrap();
        assert_eq!(m["6月 & 7月"].merges, vec![((0, 0), (0, 2))]);
        assert_eq!(m["说明"], Marks::default());
        assert_eq!(marks(b"not a zip"), None);
    }
}
