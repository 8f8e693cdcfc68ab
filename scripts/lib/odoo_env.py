"""Locate Odoo 18.0 for the harness scripts (standard library only).

Usage: python3 scripts/lib/odoo_env.py env|repair

``env`` prints shell assignments (ODOO_VERSION, ODOO_ROOT, ODOO_ADDONS_DIRS,
PY_VERSION) for ``eval`` in scripts/lib/common.sh, or exits 1 with the reason
on stderr when Odoo 18.0 cannot be imported by this interpreter.

Odoo installed with ``pip install -e`` (setuptools' default "strict" editable
mode) is found through an import hook that runs *after* the normal path
search. Installing an OCA addon wheel creates ``site-packages/odoo/addons/``,
a namespace-package portion that the normal path search then returns for
``import odoo``, hiding the real package. ``env`` and ``repair`` detect that
case and, when the odoo distribution records an editable source directory
(PEP 610 direct_url.json), write ``odoo-editable-compat.pth`` into
site-packages with that directory: exactly what
``pip install -e <odoo> --config-settings editable_mode=compat`` would have
done, so ``import odoo`` works again for every program.
"""

import importlib
import importlib.metadata
import json
import os
import shlex
import sys
import sysconfig
from urllib.parse import unquote, urlparse

PTH_NAME = "odoo-editable-compat.pth"
SUPPORTED_PYTHON = ((3, 10), (3, 12))


def _fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def _editable_source():
    """Source directory of an editable odoo install, or None."""
    try:
        dist = importlib.metadata.distribution("odoo")
    except importlib.metadata.PackageNotFoundError:
        return None, None
    raw = dist.read_text("direct_url.json")
    if not raw:
        return None, dist
    try:
        info = json.loads(raw)
    except ValueError:
        return None, dist
    if not info.get("dir_info", {}).get("editable"):
        return None, dist
    url = urlparse(info.get("url", ""))
    if url.scheme != "file":
        return None, dist
    src = unquote(url.path)
    if not os.path.isfile(os.path.join(src, "odoo", "__init__.py")):
        return None, dist
    return src, dist


def _import_odoo():
    """Import odoo; return the module or raise ImportError with a reason."""
    import odoo  # noqa: PLC0415

    if getattr(odoo, "__file__", None) is None:
        raise ImportError(
            "'import odoo' finds only a namespace package "
            f"({list(getattr(odoo, '__path__', []))}), not Odoo itself"
        )
    return odoo


def repair(verbose=True):
    """Fix an editable odoo hidden by site-packages/odoo/. True if fixed."""
    src, dist = _editable_source()
    if not src:
        return False
    site_dir = str(dist.locate_file(""))  # the site-packages holding odoo's dist-info
    pth = os.path.join(site_dir, PTH_NAME)
    line = src + "\n"
    try:
        with open(pth, encoding="utf-8") as f:
            if line in f.read():
                return False
    except OSError:
        pass
    try:
        with open(pth, "w", encoding="utf-8") as f:
            f.write(
                "# Written by the BSC harness (scripts/lib/odoo_env.py)\n"
                "# puts the editable Odoo source on sys.path so that OCA addon wheels\n"
                "# (site-packages/odoo/addons) do not hide it. Safe to delete if Odoo\n"
                "# was reinstalled with --config-settings editable_mode=compat.\n"
            )
            f.write(line)
    except OSError as exc:
        _fail(
            f"cannot write {pth} ({exc}); reinstall Odoo with "
            f"'pip install -e {src} --config-settings editable_mode=compat'"
        )
    if verbose:
        print(
            f"note: wrote {pth} so that 'import odoo' finds the editable Odoo "
            f"source {src} (the OCA addon wheels' site-packages/odoo/ hid it)",
            file=sys.stderr,
        )
    return True


def env():
    if not (SUPPORTED_PYTHON[0] <= sys.version_info[:2] <= SUPPORTED_PYTHON[1]):
        _fail(
            f"Python {sys.version.split()[0]} is not supported by Odoo 18.0 "
            "(needs 3.10 to 3.12)"
        )
    try:
        odoo = _import_odoo()
    except ImportError as exc:
        # The editable install may be hidden by OCA wheels: repair, retry in
        # a fresh interpreter state.
        if repair():
            for name in [
                m for m in sys.modules if m == "odoo" or m.startswith("odoo.")
            ]:
                del sys.modules[name]
            importlib.invalidate_caches()
            src, _dist = _editable_source()
            if src not in sys.path:
                sys.path.append(src)
            try:
                odoo = _import_odoo()
            except ImportError as exc2:
                _fail(str(exc2))
        else:
            _fail(str(exc))
    try:
        from odoo import release  # noqa: PLC0415
    except Exception as exc:  # noqa: BLE001 - report anything
        _fail(f"odoo imported from {odoo.__file__} but odoo.release failed: {exc}")
    if tuple(release.version_info[:2]) != (18, 0):
        _fail(f"found Odoo {release.version} at {odoo.__file__}, need 18.0")
    root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))
    addons_dirs = []
    candidates = [os.path.join(root, "addons")]
    paths = sysconfig.get_paths()
    for key in ("purelib", "platlib"):
        candidates.append(os.path.join(paths[key], "odoo", "addons"))
    for cand in candidates:
        cand = os.path.realpath(cand)
        if os.path.isdir(cand) and cand not in addons_dirs:
            addons_dirs.append(cand)
    out = {
        "ODOO_VERSION": release.version,
        "ODOO_ROOT": root,
        "ODOO_ADDONS_DIRS": ",".join(addons_dirs),
        "PY_VERSION": sys.version.split()[0],
    }
    for key, value in out.items():
        print(f"{key}={shlex.quote(value)}")


def main(argv):
    cmd = argv[1] if len(argv) > 1 else "env"
    if cmd == "env":
        env()
    elif cmd == "repair":
        repair()
    else:
        _fail(__doc__)


if __name__ == "__main__":
    main(sys.argv)
