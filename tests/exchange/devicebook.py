"""A small writer of device-layout workbooks for the merge's unit tests (the end-to-end tests use the real export)."""

from __future__ import annotations

from pathlib import Path

from fieldapp.exchange import layout
from fieldapp.exchange.xlsx_out import MemoryWorkbook, atomic_write, encrypt


def meta_row(uuid, *, root=None, deprecated=None, status="finalized", version="1", device="laptop-1",
             submitted="2024-05-01T10:00:00", enumerator="Ana", **extra) -> dict:
    row = {"_uuid": uuid, "_root_uuid": root or uuid, "_deprecated_uuid": deprecated,
           "_submission_time": submitted, "_status": status, "_version": version, "_device_id": device,
           "_enumerator": enumerator}
    row.update(extra)
    return row


def write_device_workbook(path, *, form_id="child_intake", version="1", device="laptop-1", columns, rows,
                          repeats=None, password=None, profile="full", main_sheet=None, tamper=None,
                          rename_sheet=None, labels=None) -> Path:
    """rows: dicts by column name (form columns plus metadata); repeats: {sheet: (columns, [dict rows])}."""
    book = MemoryWorkbook()
    checksum = layout.Checksum()
    sheets = []
    main_columns = list(columns) + list(layout.MAIN_META)
    sheets.append((main_sheet or form_id, main_columns, [[r.get(c) for c in main_columns] for r in rows]))
    for name, (rcols, rrows) in (repeats or {}).items():
        cols = list(rcols) + list(layout.REPEAT_META)
        sheets.append((name, cols, [[r.get(c) for c in cols] for r in rrows]))
    for name, cols, data in sheets:
        ws = book.sheet(name)
        checksum.sheet(name)
        for cells in [cols] + data:
            checksum.row(cells)
            ws.append([book.cell(ws, c) if isinstance(c, str) else c for c in cells])
    book.sheet(layout.CODES_SHEET).append(["code", "label", "meaning"])
    form = book.sheet(layout.FORM_SHEET)
    info = {"form_id": form_id, "form_version": version, "form_versions": version, "form_title": form_id,
            "profile": profile, "device_id": device, "exporter": layout.EXPORTER, "checksum": checksum.hexdigest(),
            "hxl_row": 0, "submissions": len(rows), "labels": labels or ""}
    for key in layout.FORM_KEYS:
        form.append([key, info.get(key)])
    data = book.to_bytes()
    if tamper or rename_sheet:
        import io
        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(data))
        if tamper:
            sheet, cell, value = tamper
            wb[sheet][cell].value = value
        if rename_sheet:
            old, new = rename_sheet
            wb[old].title = new
        out = io.BytesIO()
        wb.save(out)
        data = out.getvalue()
    if password:
        data = encrypt(data, password)
    atomic_write(Path(path), data)
    return Path(path)


def cheap_office_encryption(monkeypatch, spins: int = 1000):
    """Tests write encrypted workbooks with 1,000 key-stretching rounds instead of Office's 100,000: the same
    encryption, a hundred times cheaper to open (reading honours whatever count the file names)."""
    from msoffcrypto.method.ecma376_agile import ECMA376Agile
    original = ECMA376Agile.__dict__["encrypt"].__func__

    def encrypt(key, ibuf, salt_value=None, spin_count=spins):
        return original(key, ibuf, salt_value=salt_value, spin_count=spin_count)
    monkeypatch.setattr(ECMA376Agile, "encrypt", staticmethod(encrypt))
