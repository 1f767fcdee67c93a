"""Headless sub-commands of `fieldapp` (one module each): export and sync; secrets never on the command line."""
