# Shared by scripts/demo and scripts/test: create .venv from uv.lock when missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v uv >/dev/null 2>&1 && ! python3 -m uv --version >/dev/null 2>&1; then
    echo "Installing uv (the package manager that reads uv.lock) ..." >&2
    python3 -m pip install --quiet --user uv >&2 || python3 -m pip install --quiet uv >&2
fi
uv() { if command -v uv >/dev/null 2>&1; then command uv "$@"; else python3 -m uv "$@"; fi; }
# --frozen: install exactly what uv.lock pins, never re-resolve on a fresh machine.
uv sync --frozen --extra dev --python 3.11 --quiet >&2
export PATH="$PWD/.venv/bin:$PATH"
export DBT_SEND_ANONYMOUS_USAGE_STATS=0
