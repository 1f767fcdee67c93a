"""The master workbook's own parts (beyond the device layout): bookkeeping sheets and provenance columns."""

from __future__ import annotations

from fieldapp.exchange import layout

MERGE_LOG_SHEET = "Merge log"
CONFLICTS_SHEET = "Conflicts"
SUMMARY_SHEET = "Summary"
WITHDRAWALS_SHEET = "Withdrawals"       # roots of withdrawn children: a later merge keeps them out
# Sheets that hold no submissions: the reader skips them, the checksum does not cover them.
BOOKKEEPING = (layout.FORM_SHEET, layout.CODES_SHEET, MERGE_LOG_SHEET, SUMMARY_SHEET)

SOURCE_FILE = "_source_file"
MERGED_AT = "_merged_at"
INDEX = "_index"
CONFLICT_NOTE = "_conflict"
PROVENANCE = (SOURCE_FILE, MERGED_AT)
# Columns that say where a row sits or came from, not what was answered: identical submissions may differ here.
NOT_CONTENT = frozenset({SOURCE_FILE, MERGED_AT, INDEX, CONFLICT_NOTE, "_parent_index", "_parent_table"})
WITHDRAWAL_COLUMNS = ("_root_uuid", "_uuid", "_device_id", SOURCE_FILE, MERGED_AT)
MASTER_KIND = "master"                  # the _form sheet's "profile"-like key `workbook` says which kind of file
WORKBOOK_KEY = "workbook"
