"""Static checks of every addon of the repository (no Odoo database needed).

An addon is a top-level directory with a ``__manifest__.py``. Run with
``python3 -m pytest tests`` (scripts/test runs it too).
"""

import ast
import glob
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))
VERSION_RE = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
README_FRAGMENTS = ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Odoo 17/18 removed these: <tree> became <list>, attrs/states became
# invisible/readonly/required expressions.
XML_FORBIDDEN = {
    "<tree": re.compile(r"<tree\b"),
    " attrs=": re.compile(r"\sattrs="),
    " states=": re.compile(r"\sstates="),
}
NAME_GET_RE = re.compile(r"\bname_get\b")
SKIP_DIRS = {"__pycache__", "node_modules", ".git"}

addon_param = pytest.mark.parametrize("addon", ADDONS)


def _manifest(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())


def _files(addon, suffix):
    for path in sorted((ROOT / addon).rglob(f"*{suffix}")):
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def _grep(paths, pattern):
    hits = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        for lineno, line in enumerate(text.splitlines(), 1):
            if pattern.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    return hits


def test_repository_has_addons():
    assert ADDONS, f"no addon (directory with __manifest__.py) in {ROOT}"


@addon_param
def test_manifest_keys(addon):
    manifest = _manifest(addon)
    for key in ("name", "summary", "author", "category", "website"):
        value = manifest.get(key)
        assert isinstance(value, str) and value.strip(), (
            f"{addon}/__manifest__.py: '{key}' missing or empty"
        )
    assert VERSION_RE.match(manifest.get("version", "")), (
        f"{addon}/__manifest__.py: version {manifest.get('version')!r} does not "
        "match 18.0.x.y.z"
    )
    assert manifest.get("license") == "LGPL-3", (
        f"{addon}/__manifest__.py: license {manifest.get('license')!r}, "
        "expected 'LGPL-3'"
    )
    assert manifest.get("installable") is True, (
        f"{addon}/__manifest__.py: 'installable' must be present and True"
    )


@addon_param
@pytest.mark.parametrize("fragment", README_FRAGMENTS)
def test_readme_fragment(addon, fragment):
    path = ROOT / addon / "readme" / fragment
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    assert path.read_text(encoding="utf-8").strip(), (
        f"{path.relative_to(ROOT)} is empty"
    )


@addon_param
def test_icon_png(addon):
    path = ROOT / addon / "static" / "description" / "icon.png"
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    with path.open("rb") as f:
        assert f.read(8) == PNG_SIGNATURE, f"{path.relative_to(ROOT)} is not a PNG"


@addon_param
def test_pot_file(addon):
    path = ROOT / addon / "i18n" / f"{addon}.pot"
    assert path.is_file(), (
        f"{path.relative_to(ROOT)} is missing (export it: python3 -m odoo "
        f"-d DB --i18n-export={addon}/i18n/{addon}.pot --modules={addon})"
    )


@addon_param
@pytest.mark.parametrize("construct", sorted(XML_FORBIDDEN))
def test_xml_has_no_removed_constructs(addon, construct):
    hits = _grep(_files(addon, ".xml"), XML_FORBIDDEN[construct])
    assert not hits, f"'{construct}' is gone in Odoo 18:\n" + "\n".join(hits)


@addon_param
def test_python_has_no_name_get(addon):
    hits = _grep(_files(addon, ".py"), NAME_GET_RE)
    assert not hits, (
        "name_get is gone in Odoo 18 (use _compute_display_name):\n" + "\n".join(hits)
    )


def _imported_modules(init_path):
    """Names imported by 'from . import a, b' in a tests/__init__.py."""
    tree = ast.parse(init_path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module:
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            names.add(node.module.split(".")[0])
    return names


@addon_param
def test_test_modules_are_imported(addon):
    tests_dir = ROOT / addon / "tests"
    test_files = sorted(tests_dir.glob("test_*.py")) if tests_dir.is_dir() else []
    if not test_files:
        return
    init = tests_dir / "__init__.py"
    assert init.is_file(), f"{init.relative_to(ROOT)} is missing"
    imported = _imported_modules(init)
    missing = [p.stem for p in test_files if p.stem not in imported]
    assert not missing, (
        f"{init.relative_to(ROOT)} does not import {', '.join(missing)}: "
        "Odoo's runner would never run them"
    )


@addon_param
def test_manifest_files_exist(addon):
    manifest = _manifest(addon)
    missing = []
    for key in ("data", "demo"):
        for rel in manifest.get(key, []):
            if not (ROOT / addon / rel).is_file():
                missing.append(f"{key}: {rel}")
    for bundle, entries in manifest.get("assets", {}).items():
        for entry in entries:
            # plain paths and globs of this addon; directives such as
            # ('include', bundle) or other addons' files are not checked
            path = entry if isinstance(entry, str) else None
            if path and path.startswith(f"{addon}/"):
                if not glob.glob(str(ROOT / path), recursive=True):
                    missing.append(f"assets[{bundle}]: {path}")
    assert not missing, (
        f"{addon}/__manifest__.py lists files that do not exist:\n" + "\n".join(missing)
    )
