"""The printable service list every respondent can take home (print to PDF with Qt), whatever they disclosed."""

from __future__ import annotations

import html

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from fieldapp.ui.i18n import tr
from fieldapp.ui.safety.referral_words import type_words


def service_list_html(services, example: bool) -> str:
    """A plain page: the services by kind, contact and hours; nothing about the respondent or the interview."""
    parts = [f"<h1>{html.escape(tr('Services that can help'))}</h1>"]
    if example:
        parts.append(f"<p><b>{html.escape(tr('EXAMPLE: these services are not real (training directory).'))}</b></p>")
    if not services:
        parts.append(f"<p>{html.escape(tr('No service directory on this laptop yet.'))}</p>")
    by_type: dict[str, list] = {}
    for service in services:
        by_type.setdefault(service.type, []).append(service)
    for kind, listed in by_type.items():
        parts.append(f"<h2>{html.escape(type_words(kind))}</h2><ul>")
        for s in listed:
            line = f"<b>{html.escape(s.service)}</b>"
            extra = " · ".join(html.escape(x) for x in (s.organisation, s.contact, s.hours,
                                                         ", ".join(p for p in (s.municipality, s.department) if p),
                                                         s.languages) if x)
            parts.append(f"<li>{line}<br/>{extra}</li>")
        parts.append("</ul>")
    return "\n".join(parts)


def print_service_list(services, example: bool, pdf_path: str) -> None:
    """Write the service list as a PDF at `pdf_path` (A4, portrait)."""
    document = QTextDocument()
    document.setHtml(service_list_html(services, example))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(pdf_path)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    document.print_(printer)
