"""What an interviewer sees going wrong on a screen: text cut short, the keyboard's place lost, a code for a label."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel


def cut_texts(root) -> list[str]:
    """Visible labels shorter than their text needs, and visible buttons narrower than their text."""
    cut = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or not label.text() or label.width() <= 0:
            continue
        needs = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        if label.height() < needs - 2:
            cut.append(f"label {label.text()[:40]!r}: {label.height()} < {needs}")
    for button in root.findChildren(QAbstractButton):
        if not button.isVisibleTo(root) or not button.text():
            continue
        if button.fontMetrics().horizontalAdvance(button.text()) > button.contentsRect().width():
            cut.append(f"button {button.text()!r}")
    return cut


def focus_problem(runner) -> str | None:
    """None when the keyboard is in an answer of the page shown (or on the page, when it has nothing to answer)."""
    focused = QApplication.focusWidget()
    view = runner.screen_view
    page = view.widget()
    if runner.pages.currentWidget() is not view:
        return None
    if view.repeat_prompt is not None:
        return None if focused is not None and view.repeat_prompt.isAncestorOf(focused) else f"focus on {focused!r}"
    answerable = [w for w in view.widgets.values()
                  if any(i.isEnabled() and i.isVisibleTo(w) for i in w.input_widgets()) and not w.question.readonly]
    if focused is None:
        return "no focus"
    if not answerable:
        return None if focused is view or page.isAncestorOf(focused) else f"focus on {focused!r} (a page to read)"
    if any(w.isAncestorOf(focused) for w in answerable):
        return None
    return f"focus on {type(focused).__name__} {getattr(focused, 'text', lambda: '')()!r}, not in an answer"
