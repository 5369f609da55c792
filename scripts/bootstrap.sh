# Sourced by scripts/demo and scripts/test: a virtualenv in .venv with the project installed.
# Works on a brand-new Debian with Python 3.11: installs python3-venv with apt-get if the
# venv module is missing (as root), and reinstalls only when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Cần Python 3.11 trở lên (Python 3.11+ is required); hiện có: $("$PYTHON" --version 2>&1)" >&2
  exit 1
fi

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "apt-get install $*"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "Hãy cài gói hệ thống (please install): $*  — ví dụ: sudo apt-get install $*" >&2
    exit 1
  fi
}

if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv --help >/dev/null 2>&1 || ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
    apt_install python3-venv
  fi
  say "Tạo môi trường ảo .venv (creating the virtualenv)"
  "$PYTHON" -m venv .venv
fi

# PDF reports (WeasyPrint): Pango from Debian and a serif font with every Vietnamese letter.
pdf_needs=()
has_lib() { /sbin/ldconfig -p 2>/dev/null | grep -F "$1 " >/dev/null; }
has_lib libpango-1.0.so.0 || pdf_needs+=(libpango-1.0-0)
has_lib libpangoft2-1.0.so.0 || pdf_needs+=(libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf ] || pdf_needs+=(fonts-noto-core)
if [ ${#pdf_needs[@]} -gt 0 ]; then
  apt_install "${pdf_needs[@]}"
fi

stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  say "Cài đặt Xã Số và các thư viện (installing; pinned in pyproject.toml)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[dev]'
  rm -f .venv/.installed-* && touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
