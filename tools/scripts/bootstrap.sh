#!/usr/bin/env bash
# One entry point for a fresh Debian machine (root, Node >= 20, no AWS account):
#   bash tools/scripts/bootstrap.sh demo   install everything, then run the pipeline on a generated sample
#   bash tools/scripts/bootstrap.sh test   install everything, then run every check and test
#   bash tools/scripts/bootstrap.sh setup  install only
# Node 24 comes from the `node` devDependency, so every npm script and npx runs on 24.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

mode="${1:-setup}"
apt_packages=(ffmpeg espeak-ng pocketsphinx pocketsphinx-en-us chromium)

log() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

install_apt_packages() {
  local missing=()
  for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "apt packages present: ${apt_packages[*]}"
    return
  fi
  log "Installing apt packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
}

install_node_modules() {
  if ! command -v npm >/dev/null; then
    echo "npm is missing: install Node.js >= 20 first (Debian: apt-get install -y nodejs npm)." >&2
    exit 1
  fi
  log "Installing node modules (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  log "Node for scripts: $(npx --no-install node --version)"
}

build_cli() {
  # `reel` builds itself when stale; building it here makes the first command start fast too.
  log "Building the reel CLI (esbuild → dist/tools/reel-cli/main.mjs)"
  npx --no-install nx run reel-cli:build --outputStyle=static
}

install_apt_packages
install_node_modules
build_cli

case "$mode" in
  setup) ;;
  demo)
    log "Generating the sample: 20 s of espeak-ng speech with silences over a 720p test pattern"
    npx --no-install nx run sample-media:generate --outputStyle=static
    log "Running the workflow locally: npx reel run --input test-assets/generated/talk-720p.mp4"
    npx --no-install reel run --input test-assets/generated/talk-720p.mp4 --tenant demo
    ;;
  test)
    rm -rf dist/test-results
    log "Format, lint, typecheck, test (every project)"
    npx --no-install nx format:check
    status=0
    npx --no-install nx run-many -t lint typecheck test --outputStyle=static ${CI:+--skip-nx-cache} || status=$?
    node tools/scripts/summarize-tests.mjs || status=$?
    exit "$status"
    ;;
  *)
    echo "usage: bash tools/scripts/bootstrap.sh [setup|demo|test]" >&2
    exit 2
    ;;
esac
