"""Shared test set-up: Qt runs headless, and forms are written inline as markdown tables."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
