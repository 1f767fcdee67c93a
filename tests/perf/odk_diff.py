"""Differential development run: random realistic XLSForms filled by FieldApp and by a reference ODK engine.

Not part of `make test` or `make bench`: a tool for finding where the engine parts from ODK.
`FIELDAPP_REFERENCE_ENGINE` names a command that takes `FORM.xml --walk SEED --steps N` and prints
a seeded interviewer walk as JSON ({"actions": [...], "snapshots": [{"nodes": [...], "instance_xml": ...}]},
one snapshot before the first action and one after each). Without it the script says so and stops.

    FIELDAPP_REFERENCE_ENGINE="node /path/to/engine/cli.mjs" .venv/bin/python -m tests.perf.odk_diff 1 200

Each seed gives a form (integer/decimal/text/select/date questions, relevance chains, calculations,
constraints, required, groups, user and jr:count repeats, nested ones, choice filters, defaults,
setvalue triggers, once(), jr:choice-name, two languages). Our session replays the walk and is compared
after every step (values, relevance, required, validity, the instance XML). Differences where FieldApp
follows ODK Collect on purpose (tests/xform/test_odk_parity.py lists them) are masked where they
can be recognised; the rest are printed for a person to judge.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import traceback

from fieldapp.xform import load_form
from fieldapp.xform.engine.state import relevant
from fieldapp.xform.model.errors import AnswerError, FormError


COLORS = [("red", "Red", "warm"), ("blue", "Blue", "cold"), ("green", "Green", "cold"), ("yellow", "Yellow", "warm"), ("black", "Black", "none")]
YN = [("yes", "Yes"), ("no", "No")]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.rows = []
        self.n = 0
        self.scope = []      # stack of (kind, name): repeats/groups
        self.fields = []     # (name, type, repeat-scope-tuple)
        self.repeats = []    # (name, scope) of finished repeats with numeric fields inside
        self.rep_fields = []  # (field, repeatname, type) finished repeat fields usable outside

    def name(self, prefix):
        self.n += 1
        return f"{prefix}{self.n}"

    def cur_rep(self):
        return tuple(n for k, n in self.scope if k == "repeat")

    def visible(self, types):
        cur = self.cur_rep()
        out = []
        for name, t, rep in self.fields:
            if t in types and cur[:len(rep)] == rep:
                out.append(name)
        return out

    def pick(self, types):
        v = self.visible(types)
        return self.r.choice(v) if v else None

    # -- expressions
    def num(self, depth=0):
        r = self.r
        choices = ["lit", "ref", "ref", "arith", "if", "round", "cs", "len", "coalesce", "sum", "count", "idx", "pos", "dec", "math", "math"]
        c = r.choice(choices) if depth < 2 else r.choice(["lit", "ref"])
        if c == "ref":
            f = self.pick({"integer", "decimal", "calcnum"})
            if f:
                return "${%s}" % f
            c = "lit"
        if c == "lit":
            return r.choice(["0", "1", "2", "3", "5", "10", "2.5", "0.5", "-1", "7"])
        if c == "arith":
            op = r.choice(["+", "-", "*", "div", "mod"])
            return f"({self.num(depth + 1)} {op} {self.num(depth + 1)})"
        if c == "if":
            return f"if({self.cond(depth + 1)}, {self.num(depth + 1)}, {self.num(depth + 1)})"
        if c == "round":
            return r.choice([f"round({self.num(depth + 1)}, {r.choice([0, 1, 2])})", f"int({self.num(depth + 1)})",
                             f"floor({self.num(depth + 1)})", f"ceiling({self.num(depth + 1)})", f"abs({self.num(depth+1)})"])
        if c == "cs":
            f = self.pick({"select_multiple"})
            return f"count-selected(${{{f}}})" if f else "1"
        if c == "len":
            f = self.pick({"text", "calctext"})
            return f"string-length(${{{f}}})" if f else "2"
        if c == "coalesce":
            f = self.pick({"integer", "decimal"})
            return f"coalesce(${{{f}}}, {self.num(depth + 1)})" if f else "4"
        if c in ("sum", "count", "idx") and self.rep_fields and not self.cur_rep():
            field, rep, t = r.choice(self.rep_fields)
            if c == "sum" and t in ("integer", "decimal", "calcnum"):
                return f"count(${{{field}}})"
            if c == "count":
                return f"count(${{{rep}}})"
            if t in ("integer", "decimal", "calcnum"):
                return f"number(indexed-repeat(${{{field}}}, ${{{rep}}}, {r.choice([1, 2])}))"
            return f"count(${{{rep}}})"
        if c == "pos" and self.cur_rep():
            return "position(..)"
        if c == "math":
            return r.choice([f"pow({self.num(depth + 1)}, 2)", f"max({self.num(depth + 1)}, {self.num(depth + 1)})",
                             f"min({self.num(depth + 1)}, {self.num(depth + 1)}, 4)", f"({self.num(depth + 1)} div 3)",
                             f"number({self.text(depth + 1)})", f"sqrt(abs({self.num(depth + 1)}))",
                             f"({self.num(depth + 1)} * 0.1)", f"-{self.num(depth + 1)}"])
        if c == "dec":
            f = self.pick({"date"})
            if f:
                return r.choice([f"decimal-date-time(${{{f}}})", f"int(decimal-date-time(${{{f}}}) - decimal-date-time('2010-01-01'))"])
        return r.choice(["3", "4"])

    def text(self, depth=0):
        r = self.r
        c = r.choice(["lit", "ref", "concat", "if", "choice", "sel_at", "substr", "fmt", "coalesce", "num", "norm", "more", "more", "lookup"]) if depth < 2 else r.choice(["lit", "ref"])
        if c == "more":
            return r.choice([f"substring-before({self.text(depth + 1)}, ' ')", f"substring-after({self.text(depth + 1)}, 'a')",
                             f"translate({self.text(depth + 1)}, 'abc', 'ABC')", f"concat({self.num(depth + 1)}, '/', {self.text(depth + 1)})",
                             f"string-length({self.text(depth + 1)})", f"join(' ', {self.text(depth + 1)})" if False else f"string({self.num(depth + 1)})"])
        if c == "lookup":
            f = self.pick({"select_one"})
            if f:
                return r.choice([f"instance('colors')/root/item[name = ${{{f}}}]/label", f"instance('colors')/root/item[name = ${{{f}}}]/grp"])
        if c == "ref":
            f = self.pick({"text", "calctext", "select_one", "integer", "decimal"})
            if f:
                return "${%s}" % f
            c = "lit"
        if c == "lit":
            return r.choice(["'a'", "'hola'", "''", "'x y'", "'Ñandú'"])
        if c == "concat":
            return f"concat({self.text(depth + 1)}, '-', {self.text(depth + 1)})"
        if c == "if":
            return f"if({self.cond(depth + 1)}, {self.text(depth + 1)}, {self.text(depth + 1)})"
        if c == "choice":
            f = self.pick({"select_one"})
            if f:
                return f"jr:choice-name(${{{f}}}, '${{{f}}}')"
        if c == "sel_at":
            f = self.pick({"select_multiple"})
            if f:
                return f"selected-at(${{{f}}}, {r.choice([0, 1, 2])})"
        if c == "substr":
            return f"substr({self.text(depth + 1)}, {r.choice([0, 1, 2])}, {r.choice([1, 3, 10])})"
        if c == "fmt":
            f = self.pick({"date"})
            if f:
                return f"format-date(${{{f}}}, '{r.choice(['%Y-%m-%d', '%d/%m/%y', '%e', '%m'])}')"
        if c == "coalesce":
            return f"coalesce({self.text(depth + 1)}, {self.text(depth + 1)})"
        if c == "num":
            return f"string({self.num(depth + 1)})"
        if c == "norm":
            return f"normalize-space({self.text(depth + 1)})"
        return "'z'"

    def cond(self, depth=0):
        r = self.r
        c = r.choice(["cmp", "cmp", "sel", "so", "text", "and", "not", "regex", "date", "empty", "strcmp"]) if depth < 2 else "cmp"
        if c == "strcmp":
            return r.choice([f"{self.text(depth + 1)} = {self.text(depth + 1)}", f"boolean-from-string({self.text(depth + 1)})",
                             f"{self.text(depth + 1)} < 'm'", f"boolean({self.text(depth + 1)})", f"{self.num(depth+1)} = {self.text(depth+1)}"])
        if c == "cmp" or depth >= 2:
            return f"{self.num(depth + 1)} {r.choice(['>', '<', '>=', '<=', '=', '!='])} {self.num(depth + 1)}"
        if c == "sel":
            f = self.pick({"select_multiple"})
            if f:
                return f"selected(${{{f}}}, '{r.choice(COLORS)[0]}')"
        if c == "so":
            f = self.pick({"select_one"})
            if f:
                return f"${{{f}}} = '{r.choice(['yes', 'no', 'red', 'blue', 'green'])}'"
        if c == "text":
            f = self.pick({"text", "calctext"})
            if f:
                return r.choice([f"${{{f}}} != ''", f"contains(${{{f}}}, 'a')", f"starts-with(${{{f}}}, 'M')", f"string-length(${{{f}}}) > 4"])
        if c == "and":
            return f"({self.cond(depth + 1)} {r.choice(['and', 'or'])} {self.cond(depth + 1)})"
        if c == "not":
            return f"not({self.cond(depth + 1)})"
        if c == "regex":
            f = self.pick({"text"})
            if f:
                return f"regex(${{{f}}}, '{r.choice(['^[A-Z].*$', '^.*[aeiou].*$', '^[a-zA-Z ]+$', '^.*a.*$'])}')"
        if c == "date":
            f = self.pick({"date"})
            if f:
                return r.choice([f"${{{f}}} > '2015-01-01'", f"${{{f}}} < date('2012-06-01')",
                                 f"date(${{{f}}} + 30) > '2020-01-01'", f"format-date(${{{f}}}, '%m') = '03'"])
        if c == "empty":
            f = self.pick({"integer", "text", "select_one", "date"})
            if f:
                return r.choice([f"${{{f}}} = ''", f"${{{f}}} != ''", f"string(${{{f}}}) = ''"])
        if c == "bool":
            f = self.pick({"calcbool"})
            if f:
                return r.choice([f"${{{f}}}", f"${{{f}}} = 'true'", f"${{{f}}} = 1", f"if(${{{f}}}, true(), false())", f"not(${{{f}}})"])
        return f"{self.num(depth + 1)} > 2"

    # -- rows
    def row(self, **kw):
        self.rows.append(kw)

    def question(self):
        r = self.r
        t = r.choice(["integer", "integer", "decimal", "text", "text", "select_one yn", "select_one colors",
                      "select_multiple colors", "date", "calculate", "calculate", "calculate"])
        name = self.name("q" if t != "calculate" else "c")
        row = {"type": t, "name": name, "label::English (en)": f"Label {name}", "label::Español (es)": f"Etiqueta {name}"}
        ftype = t.split()[0]
        if t == "calculate":
            row.pop("label::English (en)"); row.pop("label::Español (es)")
            kind = r.choice(["num", "text", "bool", "date", "once", "trigger"])
            if kind == "num":
                row["calculation"] = self.num()
                ftype = "calcnum"
            elif kind == "text":
                row["calculation"] = self.text()
                ftype = "calctext"
            elif kind == "bool":
                row["calculation"] = self.cond()
                ftype = "calcbool"
            elif kind == "date":
                f = self.pick({"date"})
                if f:
                    row["calculation"] = f"if(${{{f}}} != '', date(${{{f}}} + {r.choice([1, 7, 30, -3])}), '')"
                    ftype = "date"
                else:
                    row["calculation"] = self.num()
                    ftype = "calcnum"
            elif kind == "once":
                row["calculation"] = f"once({self.text()})"
                ftype = "calctext"
            else:
                f = self.pick({"integer", "text", "select_one", "decimal"})
                if f:
                    row["trigger"] = "${%s}" % f
                    row["calculation"] = self.text()
                    ftype = "calctext"
                else:
                    row["calculation"] = self.num()
                    ftype = "calcnum"
        else:
            if r.random() < 0.35:
                row["relevant"] = self.cond()
            if r.random() < 0.2:
                row["required"] = r.choice(["yes", "yes", self.cond()])
            if r.random() < 0.3:
                if ftype in ("integer", "decimal"):
                    row["constraint"] = r.choice([". >= 0 and . <= 40", ". != 7", f". < {self.num()}", ". mod 2 = 0"])
                elif ftype == "text":
                    row["constraint"] = r.choice(["string-length(.) <= 8", "regex(., '^[A-Za-z ]+$')", ". != 'Ana'"])
                elif ftype == "date":
                    row["constraint"] = r.choice([". >= '2005-01-01'", ". < today()"])
                elif ftype == "select_multiple":
                    row["constraint"] = r.choice(["count-selected(.) <= 2", "not(selected(., 'red') and selected(., 'blue'))"])
            if r.random() < 0.05 and ftype in ("integer", "text"):
                f = self.pick({"integer", "text", "calcnum"})
                if f:
                    row["default"] = "${%s}" % f
            elif r.random() < 0.12:
                row["default"] = {"integer": "3", "decimal": "1.5", "text": "hola", "select_one": "yes" if "yn" in t else "red",
                                  "select_multiple": "red blue", "date": "2020-02-29"}[ftype]
            if t in ("select_one colors", "select_multiple colors") and r.random() < 0.3 and "default" not in row:
                f = self.pick({"select_one"})
                if f and r.random() < 0.5:
                    row["choice_filter"] = f"grp = ${{{f}}} or ${{{f}}} = 'yes'"
                else:
                    row["choice_filter"] = r.choice(["grp = 'cold'", "grp != 'none'", "name != 'red'"])
        self.row(**row)
        self.fields.append((name, ftype, self.cur_rep()))
        if self.cur_rep():
            self.cur_fields.append((name, ftype))

    def block(self, depth, size):
        r = self.r
        for _ in range(size):
            p = r.random()
            if p < 0.1 and depth < 2:
                name = self.name("g")
                row = {"type": "begin group", "name": name, "label::English (en)": f"Group {name}", "label::Español (es)": f"Grupo {name}"}
                if r.random() < 0.6:
                    row["relevant"] = self.cond()
                self.row(**row)
                self.scope.append(("group", name))
                self.block(depth + 1, r.randint(1, 4))
                self.scope.pop()
                self.row(type="end group", name=name)
            elif p < 0.2 and depth < 2 and len(self.cur_rep()) < 2:
                name = self.name("r")
                row = {"type": "begin repeat", "name": name, "label::English (en)": f"Repeat {name}", "label::Español (es)": f"Repetir {name}"}
                if r.random() < 0.4 or self.cur_rep():
                    f = self.pick({"integer"})
                    if f:
                        row["repeat_count"] = "${%s}" % f
                    elif self.cur_rep():
                        row["repeat_count"] = "2"
                if r.random() < 0.2:
                    row["relevant"] = self.cond()
                self.row(**row)
                self.scope.append(("repeat", name))
                saved = getattr(self, "cur_fields", None)
                self.cur_fields = []
                if r.random() < 0.5:
                    pname = self.name("c")
                    self.row(type="calculate", name=pname, calculation="position(..)")
                    self.fields.append((pname, "calcnum", self.cur_rep()))
                    self.cur_fields.append((pname, "calcnum"))
                self.block(depth + 1, r.randint(1, 5))
                mine = self.cur_fields
                self.cur_fields = saved
                self.scope.pop()
                self.row(type="end repeat", name=name)
                if not self.cur_rep():
                    for f, t in mine:
                        self.rep_fields.append((f, name, t))
            else:
                self.question()


COLUMNS = ["type", "name", "label::English (en)", "label::Español (es)", "relevant", "required", "constraint", "calculation", "default", "choice_filter",
           "repeat_count", "trigger"]


def md(seed):
    g = Gen(seed)
    g.cur_fields = []
    g.block(0, g.r.randint(6, 18))
    lines = ["| survey |" + "|".join(f" {c} " for c in COLUMNS) + "|"]
    for row in g.rows:
        lines.append("| |" + "|".join(" " + str(row.get(c, "")).replace("|", "\\|") + " " for c in COLUMNS) + "|")
    lines.append("| choices | list_name | name | label::English (en) | label::Español (es) | grp |")
    for v, l in YN:
        lines.append(f"| | yn | {v} | {l} | {l}_es | |")
    for v, l, grp in COLORS:
        lines.append(f"| | colors | {v} | {l} | {l}_es | {grp} |")
    lines.append("| settings | form_id | form_title |")
    lines.append(f"| | fuzz{seed} | Fuzz {seed} |")
    return "\n".join(lines) + "\n"




UUID = re.compile(r"uuid:[0-9a-f-]{36}")
NOW = dt.datetime.now(dt.timezone.utc)


def reference_walk(command, xml_path, seed, steps):
    """The reference engine's seeded walk of the form (its clock in UTC, as ours)."""
    env = dict(os.environ, TZ="UTC")
    out = subprocess.run([*shlex.split(command), str(xml_path), "--walk", str(seed), "--steps", str(steps)],
                         capture_output=True, text=True, env=env, timeout=120)
    return json.loads(out.stdout)


def our_state(s, nodes):
    res = {}
    for n in nodes:
        p = n["path"]
        if n["value"] is None:
            continue
        try:
            node = s.find(p)
        except Exception:
            node = None
        if node is None:
            res[p] = None
            continue
        rel = relevant(node)
        val = node.value if rel else ""
        st = node.state
        valid = True
        if rel:
            if not node.value:
                valid = not (st.required and not st.declined)
            else:
                valid = st.valid
        res[p] = {"value": val, "relevant": rel, "required": st.required, "valid": valid}
    return res


def strip_xml(x):
    x = UUID.sub("uuid:*", x)
    x = re.sub(r"<instanceID>[^<]*</instanceID>", "<instanceID/>", x)
    x = re.sub(r' xmlns(:\w+)?="[^"]*"', "", x)
    x = re.sub(r' (orx:)?version="[^"]*"', "", x)
    x = re.sub(r"<(\w+)></\1>", r"<\1/>", x)
    return x


def known_value_diff(ours, theirs, n):
    if theirs == "Invalid Date" and ours == "":
        return True
    if re.fullmatch(r"\d{4}-\d\d-\d\d", theirs or "") and ours.startswith(theirs + "T00:00:00"):
        return True
    if n.get("type") == "select" and set((theirs or "").split()) < set(ours.split()):
        return True
    if n.get("type") == "model-value" and theirs in ("true", "false") and ours == theirs:
        return True
    try:
        if n.get("type") == "model-value" and theirs.endswith(".0") and float(theirs) == float(ours) and "." not in ours:
            return True
    except ValueError:
        pass
    return False


TRIGGERED = set()


def compare(s, snap, k, action, diffs):
    ours = our_state(s, snap["nodes"])
    for n in snap["nodes"]:
        if n["value"] is None:
            continue
        p = n["path"]
        if p.endswith("/instanceID"):
            continue
        o = ours.get(p)
        if o is None:
            diffs.append((k, action, p, "missing in ours", n["value"]))
            continue
        for key in ("value", "relevant", "required", "valid"):
            theirs = n[key]
            if key == "value" and known_value_diff(o[key], theirs, n):
                continue
            if key == "value" and p.rsplit("/", 1)[-1] in TRIGGERED:
                continue
            if o[key] != theirs:
                diffs.append((k, action, p, key, f"ours={o[key]!r} odk={theirs!r}"))
    # extra nodes (repeats) on our side
    if diffs:
        return
    ox = strip_xml(s.to_xml())
    tx = strip_xml(snap["instance_xml"])
    ox = re.sub(r"T00:00:00\.000\+00:00", "", ox)
    tx = tx.replace("Invalid Date", "")
    ox = re.sub(r"<(\w+)>([^<]*)</\1>", lambda m: f"<{m.group(1)}>{m.group(2)[:-2] if m.group(2).endswith('.0') else m.group(2)}</{m.group(1)}>", ox)
    tx = re.sub(r"<(\w+)>([^<]*)</\1>", lambda m: f"<{m.group(1)}>{m.group(2)[:-2] if m.group(2).endswith('.0') else m.group(2)}</{m.group(1)}>", tx)
    ox = re.sub(r"<(\w+)>[^<]*</\1>", lambda m: m.group(0) if " " not in m.group(0) else f"<{m.group(1)}>SEL</{m.group(1)}>", ox)
    tx = re.sub(r"<(\w+)>[^<]*</\1>", lambda m: m.group(0) if " " not in m.group(0) else f"<{m.group(1)}>SEL</{m.group(1)}>", tx)
    if ox != tx:
        diffs.append((k, action, "XML", "xml", f"\n ours={ox}\n odk ={tx}"))


def run(command, out_dir, seed, steps=40):
    """(status, differences) for one seed; the form is kept in out_dir as fSEED.md/.xml."""
    text = md(seed)
    TRIGGERED.clear()
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 13 and cells[2] == "calculate" and cells[13]:
            TRIGGERED.add(cells[3])
    mdp = f"{out_dir}/f{seed}.md"
    open(mdp, "w").write(text)
    try:
        form = load_form(mdp, cache=False)
    except FormError as e:
        return "loaderr", [str(e)[:200]]
    xp = f"{out_dir}/f{seed}.xml"
    open(xp, "w").write(form.xform)
    walk = reference_walk(command, xp, seed, steps)
    s = form.new_session(clock=lambda: NOW)
    diffs = []
    snaps = walk.get("snapshots") or []
    if not snaps:
        return "no walk", []
    compare(s, snaps[0], 0, None, diffs)
    for i, a in enumerate(walk["actions"]):
        op = a["op"]
        try:
            if op == "answer":
                s.answer(a["path"], a["value"] or "")
            elif op == "add_repeat":
                s.add_repeat(a["path"])
            elif op == "remove_repeat":
                s.remove_repeat(a["path"], a["index"])
            elif op == "language":
                s.set_language(a["value"])
        except AnswerError as e:
            diffs.append((i + 1, a, a.get("path"), "answer error", str(e)))
        except Exception:
            diffs.append((i + 1, a, a.get("path"), "CRASH", traceback.format_exc()))
            break
        compare(s, snaps[i + 1], i + 1, a, diffs)
        if diffs:
            break
    return ("errors" if walk["errors"] else "ok"), diffs


def main(argv: list[str]) -> int:
    command = os.environ.get("FIELDAPP_REFERENCE_ENGINE")
    if not command:
        print("FIELDAPP_REFERENCE_ENGINE is not set: nothing to compare against (see the module docstring)")
        return 0
    first, last = (int(argv[0]), int(argv[1])) if len(argv) >= 2 else (1, 20)
    out_dir = tempfile.mkdtemp(prefix="fieldapp-diff-")
    differing = 0
    for seed in range(first, last + 1):
        status, diffs = run(command, out_dir, seed)
        if diffs:
            differing += 1
            print(f"seed {seed}: {status}, {len(diffs)} differences (form in {out_dir}/f{seed}.md)")
            for diff in diffs[:4]:
                print("   ", str(diff)[:400])
    print(f"{last - first + 1} seeds, {differing} with differences")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
