"""A small stand-in for FormSession that follows fieldapp.xform.session's API, so the store is tested on its own.

Questions are flat (`/data/q1`...) plus one repeat (`/data/member[n]/name`);
`required` questions must be answered or declined. The fake form's XForm text
is a JSON description, which `fake_form_from_row` reads back.
"""

from __future__ import annotations

import json
import uuid

from fieldapp.xform.model.errors import AnswerError
from fieldapp.xform.model.formdef import Form
from fieldapp.xform.session import Change
from fieldapp.xform.model.views import ValidationProblem


def fake_form(form_id="fake", version="1", questions=("q1", "q2", "q3"), required=(), title="Fake form",
              languages=("English (en)", "Español (es)")) -> Form:
    spec = {"questions": list(questions), "required": list(required)}
    return Form(form_id=form_id, version=version, title=title, root_name="data", instance_xml="<data/>",
                binds={}, body=(), translations={}, languages=tuple(languages), default_language=languages[0],
                secondary_instances={}, actions=(), namespaces={}, xform=json.dumps(spec))


def fake_form_from_row(row):
    spec = json.loads(row["xform"])
    form = fake_form(row["form_id"], row["version"], spec["questions"], spec["required"], row["title"],
                     tuple(json.loads(row["languages"] or "[]")) or ("English (en)",))
    from dataclasses import replace
    return replace(form, content_hash=row["content_hash"])


class FakeSession:
    def __init__(self, form, language=None, *, clock=None, instance_id=None, properties=None):
        spec = json.loads(form.xform)
        self.form = form
        self.questions = spec["questions"]
        self.required = set(spec["required"])
        self.instance_id = instance_id or f"uuid:{uuid.uuid4()}"
        self.deprecated_id = None
        self.language = language or form.default_language
        self.values = {f"/data/{q}": "" for q in self.questions}
        self.values["/data/meta/instanceID"] = self.instance_id
        self.declined_paths: set[str] = set()
        self.members = 0
        self.position = 0
        self.listeners = []

    # -- identity and state
    def add_listener(self, callback):
        self.listeners.append(callback)

    def _notify(self, change):
        for callback in self.listeners:
            callback(self, change)

    def dump(self):
        return {"format": 1, "instance_id": self.instance_id, "deprecated_id": self.deprecated_id,
                "language": self.language, "position": self.position, "repeats": {"/data/member": self.members},
                "values": dict(self.values), "declined": sorted(self.declined_paths)}

    @classmethod
    def restore(cls, form, state, *, clock=None):
        session = cls(form, state["language"], instance_id=state["instance_id"])
        session.deprecated_id = state.get("deprecated_id")
        session.position = state["position"]
        session.members = state["repeats"]["/data/member"]
        session.values = dict(state["values"])
        session.declined_paths = set(state["declined"])
        return session

    # -- answers
    def answer(self, path, value):
        if path not in self.values or path.startswith("/data/meta/"):
            raise AnswerError(path, "no such question")
        old = self.values[path]
        self.values[path] = value
        changed = {path: value}
        self.declined_paths.discard(path)
        if path == "/data/q1":        # a calculation that follows q1, like meta/instanceName
            self.values["/data/meta/instanceName"] = f"Case {value}"
            changed["/data/meta/instanceName"] = f"Case {value}"
        self._notify(Change("answer", path, changed, old_value=old))
        return []

    def value(self, path):
        return self.values[path]

    def relevant(self, path):
        return True

    def decline(self, path, declined=True):
        if declined:
            self.declined_paths.add(path)
            self.values[path] = ""
        else:
            self.declined_paths.discard(path)
        self._notify(Change("decline", path, {path: ""} if declined else {}))

    def declined(self, path):
        return path in self.declined_paths

    def set_language(self, language):
        self.language = language
        self._notify(Change("language"))

    # -- repeats
    def add_repeat(self, path):
        self.members += 1
        self.values[f"/data/member[{self.members}]/name"] = ""
        self._notify(Change("add_repeat", f"/data/member[{self.members}]", structural=True))
        return self.members

    def remove_repeat(self, path, position):
        names = [self.values.pop(f"/data/member[{i}]/name") for i in range(1, self.members + 1)]
        del names[position - 1]
        self.members -= 1
        for i, name in enumerate(names, start=1):
            self.values[f"/data/member[{i}]/name"] = name
        self._notify(Change("remove_repeat", f"/data/member[{position}]", structural=True))

    def repeat_count(self, path):
        return self.members

    # -- navigation
    def next(self):
        self.position = min(self.position + 1, len(self.questions))
        self._notify(Change("position", f"/data/{self.questions[self.position - 1]}"))

    # -- finishing
    def validate(self):
        return [ValidationProblem(f"/data/{q}", "required", "Sorry, this response is required!")
                for q in self.questions
                if q in self.required and not self.values[f"/data/{q}"] and f"/data/{q}" not in self.declined_paths]

    def to_xml(self):
        inner = "".join(f"<{q}>{self.values['/data/' + q]}</{q}>" for q in self.questions)
        meta = f"<meta><instanceID>{self.instance_id}</instanceID>"
        if self.deprecated_id:
            meta += f"<deprecatedID>{self.deprecated_id}</deprecatedID>"
        return f'<data id="{self.form.form_id}" version="{self.form.version}">{inner}{meta}</meta></data>'

    def new_version(self):
        copy = FakeSession.restore(self.form, self.dump())
        copy.deprecated_id = self.instance_id
        copy.instance_id = f"uuid:{uuid.uuid4()}"
        copy.values["/data/meta/instanceID"] = copy.instance_id
        return copy
