"""The app's screens for exchange: the Export dialog and the Sync place (the work itself is in fieldapp.exchange)."""
