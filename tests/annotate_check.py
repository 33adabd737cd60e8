"""Reads a marked-up copy (退回修改) with openpyxl, as tests/cli/annotate.rs asks.

Usage: annotate_check.py COPY ORIGINAL PROBLEMS.json. Prints `ok: N comments` or fails.
"""
import json
import sys

import openpyxl

copy_path, original_path, problems_path = sys.argv[1:4]
copy = openpyxl.load_workbook(copy_path)
original = openpyxl.load_workbook(original_path)
problems = json.load(open(problems_path, encoding="utf-8"))

assert copy.sheetnames[0] == "问题清单", copy.sheetnames
assert copy.active.title == "问题清单", copy.active.title

comments = 0
for p in problems:
    if not p["cell"]:
        continue
    cell = copy[p["sheet"]][p["cell"]]
    assert cell.comment is not None, f"no comment at {p['sheet']}!{p['cell']}"
    assert p["message"] in cell.comment.text, (p["message"], cell.comment.text)
    fill = cell.fill.fgColor.rgb
    want = "FFFFC7CE" if any(
        q["cell"] == p["cell"] and q["sheet"] == p["sheet"] and q["severity"] == "error"
        for q in problems
    ) else "FFFFEB9C"
    assert fill == want, (p["cell"], fill, want)
    comments += 1

# Every sheet of the sender's is kept: values and their types, number formats, merges,
# column widths, hidden rows and sheet states; a cell without a problem has no fill added.
marked = {(p["sheet"], p["cell"]) for p in problems}
for ws in original.worksheets:
    cw = copy[ws.title]
    assert cw.sheet_state == ws.sheet_state, (ws.title, cw.sheet_state, ws.sheet_state)
    assert sorted(map(str, cw.merged_cells.ranges)) == sorted(map(str, ws.merged_cells.ranges))
    for row in ws.iter_rows():
        for c in row:
            d = cw[c.coordinate]
            assert (d.value, d.data_type) == (c.value, c.data_type), (c.coordinate, d.value, c.value)
            assert d.number_format == c.number_format, (c.coordinate, d.number_format, c.number_format)
            if (ws.title, c.coordinate) not in marked:
                assert d.fill.fgColor.rgb == c.fill.fgColor.rgb, c.coordinate
    for key, dim in ws.column_dimensions.items():
        assert cw.column_dimensions[key].width == dim.width, (key, dim.width)
    # No column width of the copy's that the sender did not set (umya adds one per cell touched).
    for key, dim in cw.column_dimensions.items():
        assert dim.width == ws.column_dimensions[key].width, (ws.title, key, dim.width)
    for key, dim in ws.row_dimensions.items():
        assert cw.row_dimensions[key].hidden == dim.hidden, (key, dim.hidden)

# The list links each cell problem to its cell, inside the workbook.
lst = copy["问题清单"]
links = [c.hyperlink.location for c in lst["C"] if c.hyperlink is not None]
for p in problems:
    if p["cell"]:
        assert f"'{p['sheet']}'!{p['cell']}" in links, (p, links)
# The sender's text that looks like a formula is text in the copy and in the list.
for ws in copy.worksheets:
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f", f"formula at {ws.title}!{c.coordinate}: {c.value}"
print(f"ok: {comments} comments")
for ws in copy.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.comment is not None and "统计部门校验" in c.comment.text:
                print(f"{c.coordinate}: " + " ".join(c.comment.text.split()))
