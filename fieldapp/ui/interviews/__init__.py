"""Interviews place: drafts to resume and finalized interviews, searchable; start a new one."""
