"""The name each interview has in the Interviews list: told apart from the others, and saying nothing about the child.

The form's instance name (e.g. "intake-2026-12-01-GT-07") is the same for every child an
interviewer sees that day; when a name repeats, the time the interview was started and a short
code from its random id are added ("… · 09:14 · 3F9A"). Neither identifies anyone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter


def local_time(stamp: str, with_date: bool = True) -> str:
    """A stored UTC time ("2026-12-01T15:04:05.000Z") as this laptop's local "2026-12-01 09:04" (or "09:04")."""
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return (stamp or "")[:16].replace("T", " ")
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


def short_code(instance_id: str, length: int = 4) -> str:
    """The first characters of the interview's random id ("uuid:3f9a…" -> "3F9A")."""
    plain = instance_id.split(":", 1)[-1].replace("-", "")
    return plain[:length].upper()


MASK = "••••"


def interview_titles(records, form_titles: dict[str, str], revealed=None) -> list[str]:
    """One name per record (in order): its instance name or form title, the case code, and, when that
    name repeats in the list, the start time and a short code.

    With `revealed` (a set of instance ids), the others are masked: an instance name is written by the form
    and may hold a child's name or case code, so it shows as the form's title and "••••" until revealed."""
    names = []
    for record in records:
        form_title = form_titles.get(record.form_id) or record.form_id
        name = record.title or form_title
        masked = revealed is not None and record.instance_id not in revealed
        if masked and (name != form_title or record.case_code):
            name = f"{form_title} · {MASK}"
        elif record.case_code and record.case_code not in name:
            name = f"{name} · {record.case_code}"
        names.append(name)
    repeated = Counter(names)
    titles = []
    for record, name in zip(records, names):
        if repeated[name] > 1:
            name = f"{name} · {local_time(record.created_at, with_date=False)} · {short_code(record.instance_id)}"
        titles.append(name)
    # two started in the same minute whose ids begin alike: a longer code
    clashes = Counter(titles)
    return [f"{title[:-4]}{short_code(record.instance_id, 8)}" if clashes[title] > 1 and repeated[name] > 1 else title
            for record, name, title in zip(records, names, titles)]
