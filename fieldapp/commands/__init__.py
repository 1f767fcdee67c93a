"""Headless sub-commands of `fieldapp` (one module each): export, sync and merge; secrets never on the command line."""
