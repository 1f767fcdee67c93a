"""The coordinator's place: merge device workbooks into a master, read the log, see the summaries and charts."""
