"""A barcode typed in, or read by a USB scanner (which types the code and presses Enter)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.registry import register
from fieldapp.ui.widgets.text import TextWidget


@register("barcode", "")
class BarcodeWidget(TextWidget):
    def configure_edit(self, edit: QLineEdit) -> None:
        edit.setPlaceholderText(tr("Type the code or scan it with a USB scanner"))
