"""The layers of FieldApp, checked from the source: the core never imports PySide6, and the form
layer's parts only import downwards: model <- xpath <- {load, engine} <- session <- {store, ui, cli}.

Every import counts, also those inside functions (a lazy import is still a dependency), and no
module reaches into another module's underscore names.
"""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import fieldapp

PACKAGE = Path(fieldapp.__file__).parent

# Lowest first. A module may import its own layer and the layers below; load and engine share a rank
# but not a layer (neither imports the other). The form layer's words sit under everything in it.
RANKS = {
    "words": 0,      # fieldapp.locale (the catalogues), fieldapp.xform.wording and messages: words shown to people
    "model": 1,      # plain data: Form, Node, problems, views
    "xpath": 2,
    "load": 3,
    "engine": 3,
    "session": 4,
    "form layer": 5,  # fieldapp.xform itself: puts a loaded Form and its compiled model together
    "app": 6,        # store, ui, cli, exchange, protect
}
WORDS = {"fieldapp.xform.wording", "fieldapp.xform.wording_es", "fieldapp.xform.messages"}


def layer_of(module: str) -> str | None:
    if not module.startswith("fieldapp"):
        return None
    if module in WORDS or module == "fieldapp.locale" or module.startswith("fieldapp.locale."):
        return "words"
    parts = module.split(".")
    if parts[:2] == ["fieldapp", "xform"]:
        if len(parts) > 2 and parts[2] in ("model", "xpath", "load", "engine", "session"):
            return parts[2]
        return "form layer"
    if module == "fieldapp":
        return "app"
    return "app"


def core_modules():
    for info in pkgutil.walk_packages(fieldapp.__path__, "fieldapp."):
        if not info.name.startswith("fieldapp.ui"):
            yield info.name


def all_sources():
    """(module name, path, is_package) of every module of fieldapp."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        yield ".".join(parts), path, is_package


KNOWN = {name for name, _path, _pkg in all_sources()}


def imports_of(module: str, path: Path, is_package: bool):
    """(imported module, line, names) for every import statement, wherever it is in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, ()
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in KNOWN:
                    yield submodule, node.lineno, ()
                else:
                    yield base, node.lineno, (alias.name,)


def test_core_imports_without_qt():
    names = sorted(core_modules())
    assert "fieldapp.xform" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def direction_breaks() -> list[str]:
    broken = []
    for module, path, is_package in all_sources():
        mine = layer_of(module)
        for target, line, _names in imports_of(module, path, is_package):
            theirs = layer_of(target)
            if theirs is None or theirs == mine:
                continue
            if RANKS[theirs] >= RANKS[mine]:
                broken.append(f"{path.relative_to(PACKAGE.parent)}:{line} ({mine}) imports {target} ({theirs})")
    return broken


def test_layers_only_import_downwards():
    assert direction_breaks() == []


def test_the_direction_check_sees_lazy_imports(tmp_path):
    """A lazy upward import (inside a function) is found like one at the top of the module."""
    source = tmp_path / "probe.py"
    source.write_text("def f():\n    from fieldapp.xform.session import FormSession\n", encoding="utf-8")
    found = list(imports_of("fieldapp.xform.engine.probe", source, False))
    assert ("fieldapp.xform.session", 2, ("FormSession",)) in found
    assert layer_of("fieldapp.xform.engine.probe") == "engine"
    assert RANKS[layer_of("fieldapp.xform.session")] > RANKS["engine"]
    assert layer_of("fieldapp.xform.load.cache") != layer_of("fieldapp.xform.engine.dag")


# The XPath compiler reads the evaluation context's cached ancestor chain inline: it runs for
# every path step of every evaluation, where a method call would be measurable.
INLINED = {("fieldapp.xform.xpath.compiler", "_chain"), ("fieldapp.xform.xpath.compiler", "_chain_node")}


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"   # `_` marks words to translate


def defined_here(tree: ast.AST) -> set[str]:
    """Underscore names a module defines: functions, classes, assigned names and attributes, __slots__."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.add(node.value)   # __slots__ entries
    return {name for name in names if private(name)}


def underscore_reaches() -> list[str]:
    """Uses of another module's underscore names in the form layer: `from m import _x`, `m._x`, `session._x`."""
    found = []
    for module, path, is_package in all_sources():
        if not module.startswith("fieldapp.xform"):
            continue
        where = path.relative_to(PACKAGE.parent)
        for target, line, names in imports_of(module, path, is_package):
            for name in names:
                if private(name):
                    found.append(f"{where}:{line} imports {target}.{name}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own = defined_here(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and private(node.attr) and node.attr not in own \
                    and (module, node.attr) not in INLINED:
                found.append(f"{where}:{node.lineno} uses .{node.attr}, which another module defines")
    return found


def test_no_module_reaches_into_another_modules_underscore_names():
    assert underscore_reaches() == []


def test_the_underscore_check_sees_a_reach_into_the_session():
    tree = ast.parse("def f(session, node):\n    return session._relevant(node)\n")
    assert "_relevant" not in defined_here(tree)
    assert "_relevant" in defined_here(ast.parse("class S:\n    def _relevant(self, node): ...\n"))


def test_the_direction_check_finds_a_break(tmp_path, monkeypatch):
    """An engine module importing the session (even lazily) is reported."""
    probe = tmp_path / "fieldapp" / "xform" / "engine" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("def f():\n    from fieldapp.xform.session import navigation\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "all_sources",
                        lambda: iter([("fieldapp.xform.engine.probe", probe, False)]))
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "fieldapp")
    assert direction_breaks() == [
        "fieldapp/xform/engine/probe.py:2 (engine) imports fieldapp.xform.session.navigation (session)"]
