"""Decimal numbers (type decimal); a comma is accepted and stored as a point."""

from __future__ import annotations

from fieldapp.ui.widgets.integer import IntegerWidget
from fieldapp.ui.widgets.registry import register


@register("decimal", "")
class DecimalWidget(IntegerWidget):
    PATTERN = r"-?[0-9]{0,15}([.,][0-9]{0,10})?"

    def value(self) -> str:
        text = self.edit.text().strip().replace(",", ".")   # Central American keyboards type either
        if text in ("", "-", ".", "-."):
            return ""
        if text.endswith("."):
            text = text[:-1]
        if text.startswith("."):
            text = "0" + text
        return text.replace("-.", "-0.")
