# Shared by scripts/demo and scripts/test: create .venv from uv.lock when missing or stale, and
# install headless Chromium (it prints report/indicators.pdf) when missing.
#
# uv is looked for on PATH, then as `python3 -m uv`, then in the project's own .tools/uv. When
# none is there it is installed into .tools/uv, a private virtual environment: `pip install
# --user` would put it in ~/.local/bin, which is not on PATH on a fresh machine (and an
# "externally managed" system Python refuses it), so the script never relies on PATH for it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
find_uv() {
    if command -v uv >/dev/null 2>&1; then UV=(uv)
    elif python3 -m uv --version >/dev/null 2>&1; then UV=(python3 -m uv)
    elif [ -x .tools/uv/bin/uv ]; then UV=(.tools/uv/bin/uv)
    else return 1
    fi
}
if ! find_uv; then
    echo "Installing uv (the package manager that reads uv.lock) into .tools/uv ..." >&2
    rm -rf .tools/uv
    python3 -m venv .tools/uv >&2
    .tools/uv/bin/python -m pip install --quiet --disable-pip-version-check uv >&2
    find_uv || { echo "uv could not be installed into .tools/uv; install it by hand (https://docs.astral.sh/uv/)" >&2; exit 2; }
fi
# --frozen: install exactly what uv.lock pins, never re-resolve on a fresh machine.
"${UV[@]}" sync --frozen --extra dev --python 3.11 --quiet >&2
export PATH="$PWD/.venv/bin:$PATH"
export DBT_SEND_ANONYMOUS_USAGE_STATS=0
# Headless Chromium prints the report's PDF from its HTML (reports/pdf.py): a run-time need.
if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing headless Chromium (Debian package chromium), which prints the report's PDF ..." >&2
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq chromium >&2
fi
