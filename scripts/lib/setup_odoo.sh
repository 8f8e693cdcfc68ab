# Sets up Odoo 18.0 for the suite when the chosen Python cannot import it
# (sourced by scripts/lib/common.sh; README, "Quick start").
# shellcheck shell=bash
#
#   .local/odoo   the Odoo 18.0 source: a copy of BSC_ODOO_SRC (a directory,
#                 e.g. a git checkout, or a .tar.gz/.tgz/.tar/.zip archive such
#                 as GitHub's), or by default a shallow clone of the 18.0
#                 branch of BSC_ODOO_GIT (https://github.com/odoo/odoo.git)
#   .local/venv   a virtualenv with Odoo's requirements.txt (with the known
#                 build fixes) and Odoo installed editable (compat mode)
#
# BSC_SETUP_DIR puts odoo/ and venv/ elsewhere than .local/.
#
# The Debian packages needed to build Odoo's requirements are installed with
# apt-get when root; otherwise one message lists them. Each step prints its
# time. A finished setup is reused: later runs take no time here.

BSC_ODOO_GIT="${BSC_ODOO_GIT:-https://github.com/odoo/odoo.git}"
BSC_ODOO_BRANCH=18.0

# bsc_timed LABEL CMD... : runs CMD with a progress line and its duration.
bsc_timed() {
    local label="$1" t0=$SECONDS rc
    shift
    bsc_log "setup: $label..."
    "$@"
    rc=$?
    if [ $rc = 0 ]; then
        bsc_log "setup: $label: done in $((SECONDS - t0)) s"
    else
        bsc_log "setup: $label: FAILED after $((SECONDS - t0)) s"
    fi
    return $rc
}

# bsc_odoo_src_check DIR : succeeds if DIR holds an Odoo 18.0 source tree
# (odoo/release.py of version 18.0, requirements.txt, setup.py); otherwise
# prints the reason and fails.
bsc_odoo_src_check() {
    local dir="$1" py="${BSC_SETUP_PY:-python3}"
    "$py" - "$dir" <<'EOF'
import ast
import os
import sys

d = sys.argv[1]
rel = os.path.join(d, "odoo", "release.py")
if not os.path.isfile(rel):
    sys.exit(f"{d} is not an Odoo source: no odoo/release.py")
for f in ("requirements.txt", "setup.py"):
    if not os.path.isfile(os.path.join(d, f)):
        sys.exit(f"{d} is not an Odoo source: no {f}")
version = None
with open(rel, encoding="utf-8") as fh:
    for node in ast.parse(fh.read()).body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "version_info" for t in node.targets
        ):
            version = tuple(
                e.value for e in node.value.elts[:2] if isinstance(e, ast.Constant)
            )
if version != (18, 0):
    found = ".".join(map(str, version)) if version else "unknown"
    sys.exit(f"{d} is Odoo {found}, not Odoo 18.0")
EOF
}

# bsc_odoo_fetch DEST : the Odoo source into DEST (must not exist).
bsc_odoo_fetch() {
    local dest="$1" src="${BSC_ODOO_SRC:-}" tmp top
    if [ -z "$src" ]; then
        command -v git >/dev/null 2>&1 || { echo "git is needed to clone Odoo" >&2; return 1; }
        git clone --quiet --depth 1 --single-branch --branch "$BSC_ODOO_BRANCH" \
            "$BSC_ODOO_GIT" "$dest" || return 1
        bsc_odoo_src_check "$dest"
        return
    fi
    if [ -d "$src" ]; then
        bsc_odoo_src_check "$src" || return 1
        mkdir -p "$dest"
        # the files only: no git history, no bytecode, no build leftovers
        tar -C "$src" -cf - --exclude=.git --exclude=__pycache__ --exclude='*.pyc' \
            --exclude='*.egg-info' --exclude=./build --exclude=./dist . |
            tar -C "$dest" -xf - || return 1
        return 0
    fi
    tmp="$dest.unpack"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    case "$src" in
    *.tar.gz | *.tgz | *.tar | *.tar.xz | *.tar.bz2) tar -C "$tmp" -xf "$src" || return 1 ;;
    *.zip) "${BSC_SETUP_PY:-python3}" -m zipfile -e "$src" "$tmp" || return 1 ;;
    *)
        echo "BSC_ODOO_SRC=$src is neither a directory nor a .tar.gz/.tgz/.tar/.zip archive" >&2
        return 1
        ;;
    esac
    # an archive holds the tree itself or one top-level folder (odoo-18.0/)
    top="$tmp"
    if [ ! -f "$tmp/odoo/release.py" ] && [ "$(find "$tmp" -mindepth 1 -maxdepth 1 | wc -l)" = 1 ]; then
        top="$(find "$tmp" -mindepth 1 -maxdepth 1)"
    fi
    if ! bsc_odoo_src_check "$top"; then
        rm -rf "$tmp"
        return 1
    fi
    mv "$top" "$dest" && rm -rf "$tmp"
}

# bsc_setup_missing_packages PY : prints the Debian packages missing to
# build Odoo's requirements with the interpreter PY (one a line).
bsc_setup_missing_packages() {
    local py="$1" inc
    command -v gcc >/dev/null 2>&1 || echo build-essential
    command -v pg_config >/dev/null 2>&1 || echo libpq-dev
    [ -f /usr/include/ldap.h ] || echo libldap2-dev
    [ -f /usr/include/sasl/sasl.h ] || echo libsasl2-dev
    [ -z "${BSC_ODOO_SRC:-}" ] && ! command -v git >/dev/null 2>&1 && echo git
    inc="$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["include"])' 2>/dev/null)"
    [ -n "$inc" ] && [ -f "$inc/Python.h" ] || echo "python3-dev"
    "$py" -c 'import ensurepip, venv' >/dev/null 2>&1 || echo "python3-venv"
}

# bsc_odoo_requirements ODOO_DIR PY OUT : Odoo's requirements.txt with the
# known build fixes for this Python, written to OUT.
#  - cbor2==5.4.2 (pinned for Python < 3.12) does not build on 3.11: 5.6.2,
#    the version Odoo pins for 3.12, is used on 3.11.
bsc_odoo_requirements() {
    "$2" - "$1/requirements.txt" "$3" <<'EOF'
import re
import sys

src, out = sys.argv[1], sys.argv[2]
lines = []
for line in open(src, encoding="utf-8"):
    if sys.version_info[:2] == (3, 11) and re.match(r"\s*cbor2\s*==\s*5\.4\.2\b", line):
        line = "cbor2==5.6.2  # BSC setup: 5.4.2 does not build on Python 3.11\n"
    lines.append(line)
with open(out, "w", encoding="utf-8") as fh:
    fh.writelines(lines)
EOF
}

# bsc_odoo_venv VENV ODOO_DIR PY : a new virtualenv VENV (replaced if there)
# made by PY, with Odoo's requirements and Odoo (editable, compat mode).
bsc_odoo_venv() {
    local venv="$1" odoo="$2" py="$3" log extra=()
    bsc_is_root && extra+=(--root-user-action=ignore)
    rm -rf "$venv"
    "$py" -m venv "$venv" || return 1
    log="$venv/pip.log"
    bsc_odoo_requirements "$odoo" "$venv/bin/python" "$venv/odoo-requirements.txt" || return 1
    bsc_log "setup: pip install -r $venv/odoo-requirements.txt (log: $log)"
    if ! "$venv/bin/python" -m pip install "${extra[@]}" -r "$venv/odoo-requirements.txt" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        echo "pip install of Odoo's requirements failed (log: $log)" >&2
        return 1
    fi
    bsc_log "setup: pip install -e $odoo (editable, compat mode)"
    if ! "$venv/bin/python" -m pip install "${extra[@]}" --no-deps --no-build-isolation \
        -e "$odoo" --config-settings editable_mode=compat >>"$log" 2>&1 &&
        ! "$venv/bin/python" -m pip install "${extra[@]}" --no-deps \
            -e "$odoo" --config-settings editable_mode=compat >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        echo "pip install -e $odoo failed (log: $log)" >&2
        return 1
    fi
    "$venv/bin/python" "$BSC_LIB/odoo_env.py" env >/dev/null
}

# bsc_setup_odoo : makes BSC_PY an interpreter that imports Odoo 18.0, set
# up in .local/ (README, "Quick start"). Exports BSC_PYTHON for the child
# scripts. Dies with a message on failure.
bsc_setup_odoo() {
    local local_dir="${BSC_SETUP_DIR:-$BSC_ROOT/.local}" odoo venv py missing t0=$SECONDS
    odoo="$local_dir/odoo"
    venv="$local_dir/venv"
    py="${BSC_PY[0]}"
    BSC_SETUP_PY="$py"
    if [ -f "$venv/.bsc-setup-done" ] && "$venv/bin/python" "$BSC_LIB/odoo_env.py" env >/dev/null 2>&1; then
        BSC_PY=("$venv/bin/python")
        export BSC_PYTHON="$venv/bin/python"
        return 0
    fi
    bsc_log "setup: ${BSC_PYTHON:-python3} cannot import Odoo 18.0: setting it up in $local_dir (a few minutes; scripts/run --no-setup skips this)"
    "$py" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))' ||
        bsc_die "setup: Odoo 18.0 needs Python 3.10 to 3.12; $py is Python $("$py" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo '(unknown)'). Set BSC_PYTHON to a Python 3.10-3.12 command."
    mkdir -p "$local_dir"
    # 1. the source
    if [ -d "$odoo" ] && bsc_odoo_src_check "$odoo" 2>/dev/null; then
        bsc_log "setup: Odoo source: $odoo (already there)"
    else
        rm -rf "$odoo" "$odoo.unpack"
        if [ -n "${BSC_ODOO_SRC:-}" ]; then
            [ -e "$BSC_ODOO_SRC" ] || bsc_die "setup: BSC_ODOO_SRC=$BSC_ODOO_SRC does not exist (a directory holding the Odoo 18.0 source, or a .tar.gz/.zip archive of it)"
            bsc_timed "Odoo 18.0 source from $BSC_ODOO_SRC into $odoo" bsc_odoo_fetch "$odoo" || {
                rm -rf "$odoo" "$odoo.unpack"
                bsc_die "setup: BSC_ODOO_SRC=$BSC_ODOO_SRC is not a usable Odoo 18.0 source (see the reason above): point it at a checkout of Odoo's 18.0 branch or an archive of one"
            }
        else
            bsc_timed "shallow clone of $BSC_ODOO_GIT (branch $BSC_ODOO_BRANCH) into $odoo" bsc_odoo_fetch "$odoo" || {
                rm -rf "$odoo"
                bsc_die "setup: could not clone Odoo 18.0 from $BSC_ODOO_GIT (no network?). Set BSC_ODOO_SRC to a local Odoo 18.0 checkout or archive"
            }
        fi
    fi
    # 2. the Debian packages to build Odoo's requirements
    mapfile -t missing < <(bsc_setup_missing_packages "$py")
    if [ ${#missing[@]} -gt 0 ]; then
        if bsc_is_root && command -v apt-get >/dev/null 2>&1; then
            bsc_timed "apt-get install ${missing[*]}" bsc_apt_install "${missing[@]}" ||
                bsc_die "setup: apt-get install ${missing[*]} failed"
        else
            bsc_die "setup: missing system packages to build Odoo's requirements: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) or run this command as root, which installs them."
        fi
    fi
    # 3. the virtualenv
    bsc_timed "virtualenv $venv with Odoo's requirements" bsc_odoo_venv "$venv" "$odoo" "$py" ||
        bsc_die "setup: the virtualenv $venv could not be made (see above); fix the cause and run again"
    touch "$venv/.bsc-setup-done"
    BSC_PY=("$venv/bin/python")
    export BSC_PYTHON="$venv/bin/python"
    bsc_log "setup: Odoo 18.0 ready in $((SECONDS - t0)) s: $venv/bin/python (used from now on while ${BSC_SETUP_PY} cannot import Odoo)"
}

bsc_apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
