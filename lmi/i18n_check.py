"""Which texts lack a translation: `python -m lmi.i18n check` (or `python -m lmi.i18n_check`).

Walks the syntax tree of dashboard.py, views/ and lmi/ for calls to t(), tn() and N_() whose message
id is a literal, and lists the ids each catalogue (locales/fr.yml, locales/ar.yml) lacks, with
where they are used. `stubs` appends the missing ids to the catalogues with an empty text, for a
translator to fill (an empty text still counts as missing). `dynamic` lists the calls whose id is
not a literal (data passed through t()), which the extractor cannot see; `unused` the catalogue entries
no code uses any more.

Exit status 1 when a translation is missing, so CI and tests/i18n fail on it.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from lmi import i18n

ROOT = Path(__file__).resolve().parent.parent
SCOPE = ["dashboard.py", "views", "lmi"]


def _files() -> list[Path]:
    files = []
    for part in SCOPE:
        path = ROOT / part
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return files


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "a" "b" is one Constant; "a" + "b" too
        left, right = _literal(node.left), _literal(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _table_name(node: ast.AST) -> str | None:
    """LABELS in t(LABELS[code]), t(module.LABELS[code]) or t(LABELS.get(code, ...))."""
    if isinstance(node, ast.Subscript):
        node = node.value
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        node = node.func.value
    else:
        return None
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
    return name if name and name.isupper() else None


def scan(files: list[Path] | None = None) -> tuple[dict[str, list[str]], list[str]]:
    """({message id: [file:line, ...]}, [file:line of calls whose id is not a literal]).

    A label table (a module-level UPPER_CASE dict of literal texts) whose entries are looked up inside
    t() -- t(ROLES[code]) -- counts as message ids too, so data-driven labels need no marker."""
    found: dict[str, list[str]] = defaultdict(list)
    dynamic: list[str] = []
    tables: dict[str, list[tuple[str, str]]] = defaultdict(list)
    looked_up: set[str] = set()
    for path in files or _files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict) and len(node.targets) == 1 \
                    and isinstance(node.targets[0], ast.Name):
                values = [_literal(value) for value in node.value.values]
                if values and all(value is not None for value in values):
                    tables[node.targets[0].id] += [(value, f"{path.relative_to(ROOT)}:{node.lineno}") for value in values]
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node) not in i18n.MARKERS or not node.args:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            text = _literal(node.args[0])
            if text is None:
                dynamic.append(where)
                if (table := _table_name(node.args[0])) is not None:
                    looked_up.add(table)
            else:
                found[text].append(where)
    for table in looked_up:
        for text, where in tables.get(table, []):
            if text:
                found[text].append(where)
    return dict(found), dynamic


def missing_by_language(found: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    found = found if found is not None else scan()[0]
    return {code: i18n.missing(code, set(found)) for code in i18n.LANGUAGES if code != i18n.DEFAULT}


def _append_stubs(code: str, ids: list[str]) -> None:
    path = i18n.LOCALES_DIR / f"{code}.yml"
    with path.open("a", encoding="utf-8") as out:
        out.write("\n# ---- to translate (added by python -m lmi.i18n stubs)\n")
        for text in ids:
            out.write(yaml.safe_dump({text: ""}, allow_unicode=True, width=10_000, sort_keys=False))


def gaps_languages() -> list[str]:
    return [code for code in i18n.LANGUAGES if code != i18n.DEFAULT]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = argv[0] if argv else "check"
    found, dynamic = scan()
    if command == "dynamic":
        print("\n".join(dynamic))
        return 0
    if command == "unused":  # catalogue entries no code uses any more (after a page's wording changed)
        for code in gaps_languages():
            unused = sorted(set(i18n.catalogue(code)) - set(found))
            print(f"{code}: {len(unused)} entries unused")
            print("".join(f"  {text!r}\n" for text in unused), end="")
        return 0
    gaps = missing_by_language(found)
    if command == "stubs":
        for code, ids in gaps.items():
            if ids:
                _append_stubs(code, ids)
                print(f"locales/{code}.yml: {len(ids)} empty entries appended")
        return 0
    for code, ids in gaps.items():
        print(f"{code}: {len(ids)} of {len(found)} texts lack a translation")
        for text in ids:
            print(f"  {text!r}  ({', '.join(found[text][:3])})")
    return 1 if any(gaps.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
