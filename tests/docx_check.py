"""Reads a Word report with python-docx, as tests/cli/docx.rs asks, against the JSON report.

Usage: docx_check.py REPORT.docx REPORT.json. Prints one `ok: …` line or fails.
"""
import json
import sys
import zipfile

import docx
from docx.shared import Mm

path, json_path = sys.argv[1:3]
d = docx.Document(path)
j = json.load(open(json_path, encoding="utf-8"))

# A4 and the GB/T 9704 margins (37/35/28/26 mm), to the nearest millimetre.
s = d.sections[0]
assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297), (s.page_width.mm, s.page_height.mm)
margins = tuple(round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin))
assert margins == (37, 35, 28, 26), margins

paras = [p.text for p in d.paragraphs]
# The narrative is the JSON report's, word for word, each paragraph in the document.
for key, text in j["narrative"].items():
    if text is None:
        continue
    assert text["zh"] in paras, (key, text["zh"])
# Title lines in 2号 (22 pt), body in 3号 (16 pt) with a first-line indent of two characters.
title = d.paragraphs[0]
assert title.runs[0].font.size.pt == 22, title.runs[0].font.size
body = next(p for p in d.paragraphs if p.text == j["narrative"]["overview"]["zh"])
assert body.runs[0].font.size.pt == 16
assert abs(body.paragraph_format.first_line_indent.pt - 32) < 0.1, body.paragraph_format.first_line_indent
xml = zipfile.ZipFile(path).read("word/document.xml").decode()
assert 'w:eastAsia="仿宋_GB2312"' in xml and 'w:eastAsia="黑体"' in xml
# Headings numbered 一、 … as the official layout has them.
assert "一、总体情况" in paras, [p for p in paras if "、" in p][:5]

# Tables: real tables, the header row repeated on each page, the headline tiles with the
# JSON's counts.
assert len(d.tables) >= 8, len(d.tables)
headers = xml.count("<w:tblHeader />")
assert headers == len(d.tables) - 1, (headers, len(d.tables))  # all but the tiles
tiles = [c.text for c in d.tables[0].rows[0].cells]
h = j["headline"]
assert any(t.endswith(str(h["items"])) for t in tiles), tiles
assert any(t.endswith(str(h["done"])) for t in tiles), tiles

# One picture per chart, each with its caption 图N.
pictures = len(d.inline_shapes)
assert pictures == len(j["charts"]), (pictures, len(j["charts"]))
for n, c in enumerate(j["charts"], 1):
    assert f"图{n} {c['title']}" in paras, (n, c["title"])

# The footer's page number: — PAGE —.
footer = zipfile.ZipFile(path).read("word/footer1.xml").decode()
assert "PAGE" in footer and "— " in footer and " —" in footer, footer[:400]

# The appendix lists every indicator's main row with its status.
assert "附件：各指标完成情况" in paras
last = d.tables[-1]
assert last.rows[0].cells[0].text == "指标", last.rows[0].cells[0].text
print(f"ok: {len(d.tables)} tables, {pictures} pictures, {len(last.rows) - 1} indicators")
