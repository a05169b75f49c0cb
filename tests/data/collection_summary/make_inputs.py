#!/usr/bin/python3
"""Writes the workbook inputs of tests/unit/test_collection_summary.c with
third-party writers, so the readers are tested on files they did not make:

  report-xlwt.xls   BIFF8 in an OLE2 compound file, by xlwt (Debian
                    python3-xlwt); one string is long enough to be split
                    across SST CONTINUE records
  report.xlsx       by libxlsxwriter, see make_xlsx.c beside this file

Run from this folder: /usr/bin/python3 make_inputs.py.  The outputs are
committed; the tests do not need xlwt.
"""
import datetime
import xlwt

wb = xlwt.Workbook(encoding="utf-8")
ws = wb.add_sheet("Summary")
wb.add_sheet("Other")          # a second sheet, not read
date = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")
head = ["Data point", "Command", "Execution status", "Error code",
        "Start time", "Collector host"]
for c, h in enumerate(head):
    ws.write(0, c, h)
rows = [
    ("Autoruns", "reg query <ASEP key>", "Completed", None,
     datetime.datetime(2026, 9, 7, 22, 9, 5), "SRV-FR-02"),
    ("Réseau", "netstat -anob", "Completed", 0,
     datetime.datetime(2026, 9, 7, 22, 9, 11), "SRV-FR-02"),
    ("プロセス", "wmic process get", "Failed", 2147942512,
     datetime.datetime(2026, 9, 7, 22, 9, 15), "SRV-FR-02"),
    ("Long", "x" * 3000 + "日本語" * 3000, "Completed", 1.5,
     datetime.datetime(2026, 9, 7, 22, 9, 20), "SRV-FR-02"),
]
for r, row in enumerate(rows, 1):
    for c, v in enumerate(row):
        if v is None:
            continue
        if isinstance(v, datetime.datetime):
            ws.write(r, c, v, date)
        else:
            ws.write(r, c, v)
wb.save("report-xlwt.xls")
