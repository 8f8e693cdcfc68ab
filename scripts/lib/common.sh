# Shared shell functions for scripts/run, scripts/test and scripts/lint.
# Source it from bash: . "$(dirname "$0")/lib/common.sh"
# shellcheck shell=bash

BSC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BSC_LIB="$BSC_ROOT/scripts/lib"
export PIP_DISABLE_PIP_VERSION_CHECK=1

bsc_log() { printf '==> %s\n' "$*" >&2; }
bsc_warn() { printf 'WARNING: %s\n' "$*" >&2; }
bsc_die() {
    printf 'ERROR: %s\n' "$*" >&2
    # scripts/test's date runs (subshells) leave their reason for the summary
    [ -n "${STOP_REASON_FILE:-}" ] && printf '%s\n' "$*" >"$STOP_REASON_FILE"
    exit 1
}

bsc_is_root() { [ "$(id -u)" = 0 ]; }

# BSC_PY: the Python command (array) that imports Odoo; ${BSC_PYTHON:-python3}.
# BSC_PYTHON may hold arguments, e.g. BSC_PYTHON="python3 -X dev".
read -r -a BSC_PY <<<"${BSC_PYTHON:-python3}"

# --- suite addons -----------------------------------------------------------

# Every top-level directory of the repo with a __manifest__.py, sorted.
bsc_all_addons() {
    local m
    for m in "$BSC_ROOT"/*/__manifest__.py; do
        [ -f "$m" ] || continue
        basename "$(dirname "$m")"
    done | sort
}

. "$BSC_LIB/setup_odoo.sh"

# --- preflight ----------------------------------------------------------------

# Sets ODOO_VERSION, ODOO_ROOT, ODOO_ADDONS_DIRS (comma list), PY_VERSION.
# When ${BSC_PYTHON:-python3} cannot import Odoo 18.0, sets it up in .local/
# (scripts/lib/setup_odoo.sh) and uses .local/venv/bin/python, unless
# BSC_NO_SETUP=1 (--no-setup), which stops with the reason instead.
bsc_preflight_odoo() {
    local out why
    if ! command -v "${BSC_PY[0]}" >/dev/null 2>&1; then
        bsc_die "Odoo 18.0 is not importable by ${BSC_PYTHON:-python3}: no such command '${BSC_PY[0]}'. Install Python 3.10-3.12 (see README, Prerequisites); set BSC_PYTHON to use another interpreter."
    fi
    if [ "${BSC_NO_SETUP:-0}" = 1 ]; then
        if ! out="$("${BSC_PY[@]}" "$BSC_LIB/odoo_env.py" env)"; then
            bsc_die "Odoo 18.0 is not importable by ${BSC_PYTHON:-python3} (see the reason above). Install Odoo 18.0 from source so that 'python3 -c \"import odoo\"' works (see README, Prerequisites), or run without --no-setup to have it set up in .local/. Set BSC_PYTHON to use another interpreter."
        fi
    else
        why="$(mktemp)"
        if out="$("${BSC_PY[@]}" "$BSC_LIB/odoo_env.py" env 2>"$why")"; then
            cat "$why" >&2
            rm -f "$why"
            eval "$out"
            bsc_log "Odoo $ODOO_VERSION at $ODOO_ROOT (Python $PY_VERSION: ${BSC_PY[*]})"
            return 0
        fi
        [ -f "${BSC_SETUP_DIR:-$BSC_ROOT/.local}/venv/.bsc-setup-done" ] ||
            bsc_log "${BSC_PYTHON:-python3}: $(tail -n 1 "$why")"
        rm -f "$why"
        bsc_setup_odoo
        out="$("${BSC_PY[@]}" "$BSC_LIB/odoo_env.py" env)" ||
            bsc_die "Odoo 18.0 set up in .local/ is not importable by ${BSC_PY[*]} (see the reason above); delete .local/venv and run again"
    fi
    eval "$out"
    bsc_log "Odoo $ODOO_VERSION at $ODOO_ROOT (Python $PY_VERSION: ${BSC_PY[*]})"
}

# Sets PG_BINDIR to a directory holding initdb, pg_ctl and postgres.
# BSC_PG_BINDIR overrides the search.
bsc_preflight_pg() {
    local d cands=()
    if [ -n "${BSC_PG_BINDIR:-}" ]; then
        cands=("$BSC_PG_BINDIR")
    else
        # Debian: /usr/lib/postgresql/<version>/bin, highest version first
        while IFS= read -r d; do cands+=("$d"); done < <(
            ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -V -r
        )
        if command -v pg_config >/dev/null 2>&1; then
            cands+=("$(pg_config --bindir 2>/dev/null)")
        fi
        if command -v initdb >/dev/null 2>&1; then
            cands+=("$(dirname "$(command -v initdb)")")
        fi
    fi
    for d in "${cands[@]}"; do
        if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
            PG_BINDIR="$d"
            bsc_log "PostgreSQL $("$d/postgres" --version | grep -oE "[0-9]+(\.[0-9]+)+" | head -n1) server binaries in $PG_BINDIR"
            return 0
        fi
    done
    bsc_die "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found${BSC_PG_BINDIR:+ in BSC_PG_BINDIR=$BSC_PG_BINDIR}: looked in /usr/lib/postgresql/*/bin, 'pg_config --bindir' and PATH. Install the Debian package postgresql (apt-get install postgresql; PostgreSQL 15 or later) or set BSC_PG_BINDIR to the directory holding initdb."
}

# --- system packages ------------------------------------------------------------

# bsc_ensure_debian_packages PKG... : installs the missing ones with apt-get
# when root, fails with a clear message otherwise. A package counts as present
# when the program it provides is found (so non-Debian installs work too).
bsc_pkg_present() {
    case "$1" in
    chromium) command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ||
        command -v google-chrome >/dev/null 2>&1 || command -v google-chrome-stable >/dev/null 2>&1 ;;
    wkhtmltopdf) command -v wkhtmltopdf >/dev/null 2>&1 ;;
    poppler-utils) command -v pdftotext >/dev/null 2>&1 ;;
    faketime) bsc_faketime_lib >/dev/null ;;
    fonts-dejavu-core) [ -d /usr/share/fonts/truetype/dejavu ] ||
        { command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi dejavu; } ;;
    *) dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" ;;
    esac
}

# The path of libfaketime's thread-safe library (Debian package faketime).
bsc_faketime_lib() {
    local f
    for f in /usr/lib/*/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1 \
        /usr/local/lib/faketime/libfaketimeMT.so.1; do
        [ -f "$f" ] && { printf '%s\n' "$f"; return 0; }
    done
    return 1
}

# bsc_faketime_cleanup : remove the shared memory and semaphores that
# libfaketime (0.9.10) left in /dev/shm for processes that are gone.
# Each preloaded process creates /dev/shm/faketime_shm_<pid> and
# sem.faketime_sem_<pid> for its children, and does not always remove them;
# when the pid comes round again for a process of another user (PostgreSQL
# runs as postgres), libfaketime cannot open the old root-owned semaphore
# ("sem_open ... Permission denied") and the process exits: a date run whose
# PostgreSQL does not start, more likely the longer the machine has run.
bsc_faketime_cleanup() {
    local f pid
    for f in /dev/shm/faketime_shm_* /dev/shm/sem.faketime_sem_*; do
        [ -e "$f" ] || continue
        pid="${f##*_}"
        [[ "$pid" =~ ^[0-9]+$ ]] || continue
        kill -0 "$pid" 2>/dev/null || [ -d "/proc/$pid" ] || rm -f "$f" 2>/dev/null
    done
    return 0
}

bsc_ensure_debian_packages() {
    local p missing=()
    for p in "$@"; do
        bsc_pkg_present "$p" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! bsc_is_root; then
        bsc_die "missing system packages: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) or run this command as root, which installs them."
    fi
    command -v apt-get >/dev/null 2>&1 ||
        bsc_die "missing system packages: ${missing[*]}, and apt-get is not available to install them."
    bsc_log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || bsc_die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
        bsc_die "apt-get install ${missing[*]} failed"
    for p in "${missing[@]}"; do
        bsc_pkg_present "$p" || bsc_die "Debian package $p installed but its program is still not found"
    done
}

# pip install -r requirements.txt into the Odoo interpreter (quiet), then make
# sure 'import odoo' still works (see scripts/lib/odoo_env.py).
bsc_pip_requirements() {
    bsc_log "pip install -r requirements.txt"
    local extra=()
    bsc_is_root && extra+=(--root-user-action=ignore)
    local log
    log="$(mktemp)"
    if ! "${BSC_PY[@]}" -m pip install -q "${extra[@]}" -r "$BSC_ROOT/requirements.txt" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        bsc_die "pip install -r requirements.txt failed (see above)"
    fi
    rm -f "$log"
    "${BSC_PY[@]}" "$BSC_LIB/odoo_env.py" repair ||
        bsc_die "Odoo is no longer importable after installing requirements.txt"
    # the OCA wheels may have created site-packages/odoo/addons: recompute
    local out
    out="$("${BSC_PY[@]}" "$BSC_LIB/odoo_env.py" env)" ||
        bsc_die "Odoo 18.0 is no longer importable after pip install -r requirements.txt"
    eval "$out"
}

# --- odoo ---------------------------------------------------------------------

# Comma-separated --addons-path: the repo, Odoo's addons, site-packages addons.
bsc_addons_path() {
    printf '%s' "$BSC_ROOT${ODOO_ADDONS_DIRS:+,$ODOO_ADDONS_DIRS}"
}

bsc_free_port() {
    "${BSC_PY[@]}" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# bsc_write_odoo_conf FILE DATA_DIR HTTP_PORT [KEY=VALUE...]
# Needs PG_SOCKDIR, PG_PORT, BSC_DB_USER (set by bsc_pg_start).
bsc_write_odoo_conf() {
    local file="$1" data_dir="$2" http_port="$3" kv
    shift 3
    {
        echo "[options]"
        echo "addons_path = $(bsc_addons_path)"
        echo "data_dir = $data_dir"
        echo "db_host = $PG_SOCKDIR"
        echo "db_port = $PG_PORT"
        echo "db_user = $BSC_DB_USER"
        echo "db_password = False"
        echo "http_interface = ${BSC_HTTP_INTERFACE:-127.0.0.1}"
        echo "http_port = $http_port"
        echo "without_demo = False"
        echo "max_cron_threads = 0"
        for kv in "$@"; do
            echo "${kv%%=*} = ${kv#*=}"
        done
    } >"$file"
}

# --- postgresql -----------------------------------------------------------------

BSC_DB_USER="$(id -un)"
PG_PORT="${BSC_PG_PORT:-5432}"

# Run a PostgreSQL server binary: as the postgres OS user when we are root
# (the server refuses to run as root), as ourselves otherwise.
bsc_as_pg() {
    if bsc_is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# bsc_pg_start DATA_DIR SOCKET_DIR [fast]
# Creates the cluster on first use (trust auth, superuser named after the
# invoking OS user), then starts it listening on a unix socket only.
# "fast" turns off durability (fsync...) for throwaway test clusters.
# Sets PG_DATADIR, PG_SOCKDIR, PG_LOG, PG_STARTED (1 if we started it).
bsc_pg_start() {
    PG_DATADIR="$1"
    PG_SOCKDIR="$2"
    local mode="${3:-}" q
    PG_LOG="$(dirname "$PG_DATADIR")/postgresql.log"
    PG_STARTED=0
    # a unix socket path is limited to ~107 bytes: use a short folder instead
    if [ $((${#PG_SOCKDIR} + 16)) -gt 100 ]; then
        PG_SOCKDIR="/tmp/bsc-pg-$(printf '%s' "$PG_DATADIR" | sha1sum | cut -c1-12)"
    fi
    if bsc_is_root && ! id postgres >/dev/null 2>&1; then
        bsc_log "creating the 'postgres' system user to run PostgreSQL (it refuses to run as root)"
        useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres ||
            bsc_die "cannot create the postgres OS user"
    fi
    mkdir -p "$PG_SOCKDIR" "$(dirname "$PG_DATADIR")"
    touch "$PG_LOG"
    if bsc_is_root; then
        chown postgres: "$PG_SOCKDIR" "$PG_LOG"
        if ! runuser -u postgres -- test -w "$PG_SOCKDIR"; then
            bsc_die "the postgres OS user cannot reach $PG_SOCKDIR: a parent directory is not searchable by others (chmod o+x it, or move the repository)"
        fi
    fi
    if [ ! -s "$PG_DATADIR/PG_VERSION" ]; then
        bsc_log "initdb $PG_DATADIR (superuser $BSC_DB_USER, trust authentication)"
        mkdir -p "$PG_DATADIR"
        chmod 700 "$PG_DATADIR"
        bsc_is_root && chown postgres: "$PG_DATADIR"
        local locale=C.UTF-8
        locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' || locale=C
        bsc_as_pg "$PG_BINDIR/initdb" -D "$PG_DATADIR" -U "$BSC_DB_USER" --auth=trust \
            -E UTF8 --locale="$locale" >>"$PG_LOG" 2>&1 ||
            { tail -n 20 "$PG_LOG" >&2; bsc_die "initdb failed (log: $PG_LOG)"; }
        echo "include_if_exists = 'bsc_runtime.conf'" >>"$PG_DATADIR/postgresql.conf"
    fi
    if bsc_as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATADIR" status >/dev/null 2>&1; then
        bsc_log "PostgreSQL already running on $PG_DATADIR: reusing it"
        return 0
    fi
    q="${PG_SOCKDIR//\'/\'\'}"
    {
        echo "# written by scripts/lib/common.sh at each start"
        echo "listen_addresses = ''"
        echo "unix_socket_directories = '$q'"
        echo "port = $PG_PORT"
        echo "max_connections = 100"
        if [ "$mode" = fast ]; then
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
    } >"$PG_DATADIR/bsc_runtime.conf"
    bsc_is_root && chown postgres: "$PG_DATADIR/bsc_runtime.conf"
    bsc_log "starting PostgreSQL (socket $PG_SOCKDIR, no TCP)"
    bsc_as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATADIR" -l "$PG_LOG" -w -t 60 start >/dev/null ||
        { tail -n 20 "$PG_LOG" >&2; bsc_die "PostgreSQL did not start (log: $PG_LOG)"; }
    PG_STARTED=1
}

bsc_pg_stop() {
    [ "${PG_STARTED:-0}" = 1 ] || return 0
    bsc_as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATADIR" -m fast -w -t 60 stop >/dev/null 2>&1 ||
        bsc_as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATADIR" -m immediate -w stop >/dev/null 2>&1 || true
    PG_STARTED=0
}

# bsc_psql_value DB SQL : prints the first column of the first row ("" if none).
bsc_sql() {
    PGHOST="$PG_SOCKDIR" PGPORT="$PG_PORT" PGUSER="$BSC_DB_USER" "${BSC_PY[@]}" -c '
import sys, psycopg2
try:
    conn = psycopg2.connect(dbname=sys.argv[1])
except psycopg2.OperationalError:
    sys.exit(0)
conn.autocommit = True  # DROP DATABASE (scripts/run --reset) cannot run in a transaction
cur = conn.cursor()
cur.execute(sys.argv[2])
row = cur.fetchone() if cur.description else None
print("" if row is None else row[0])
' "$1" "$2"
}
