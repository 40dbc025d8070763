"""The package's public names: one table, all resolvable, and `import appwrite_account` stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import appwrite_account

INIT = Path(appwrite_account.__file__)


def _type_checking_names() -> set[str]:
    tree = ast.parse(INIT.read_text())
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    return {alias.asname or alias.name for n in block.body if isinstance(n, ast.ImportFrom) for alias in n.names}


def test_all_lazy_table_and_type_checking_imports_agree() -> None:
    lazy = set(appwrite_account._LAZY)
    assert set(appwrite_account.__all__) - {"__version__"} == lazy
    assert _type_checking_names() == lazy


def test_every_public_name_resolves_to_what_its_module_defines() -> None:
    for name in appwrite_account.__all__:
        assert getattr(appwrite_account, name) is not None, name
    assert "Client" in dir(appwrite_account)


def test_import_loads_neither_models_nor_tenacity() -> None:
    probe = (
        "import sys, appwrite_account; "
        "print(sorted(m for m in sys.modules if m.startswith(('tenacity', 'appwrite_account._generated'))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
