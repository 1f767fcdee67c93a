"""The receipt format, as the device workbook's layout defines it (a CSV in the sync folder's receipts/ folder)."""

from __future__ import annotations

from fieldapp.exchange import layout

try:    # the layout names them once the sync folder's part of it is in place
    COLUMNS = layout.RECEIPT_COLUMNS
    FOLDER = layout.SYNC_RECEIPTS
    file_name = layout.receipt_file_name
except AttributeError:
    import re

    COLUMNS = ("instance_id", "form_id", "received_at")
    FOLDER = "receipts"
    _FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')

    def _safe(text: str, limit: int) -> str:
        return (_FORBIDDEN.sub("_", str(text)).strip().rstrip(". ")[:limit].rstrip(". ")) or "_"

    def file_name(form_id: str, label: str) -> str:
        return _safe(f"{_safe(form_id, 60)}__{_safe(label, 40)}", 100) + ".csv"
