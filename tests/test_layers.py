"""The core (everything outside fieldapp/ui) never imports PySide6."""

import pkgutil
import subprocess
import sys

import fieldapp


def core_modules():
    for info in pkgutil.walk_packages(fieldapp.__path__, "fieldapp."):
        if not info.name.startswith("fieldapp.ui"):
            yield info.name


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
