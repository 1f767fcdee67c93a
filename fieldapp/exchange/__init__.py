"""Exchange: device workbooks, the sync folder, the coordinator's merge and summaries (no Qt here)."""
