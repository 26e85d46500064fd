#!/usr/bin/env bash
# Checks the operator's view of a running Thor: logs into the console with a real browser and verifies Hawtio
# lists every route of src/main/resources/routes by its id; saves a screenshot.
#   bash ops/check-console.sh [base-url=http://127.0.0.1:8080] [screenshot=target/console-routes.png]
# Password: $SPRING_SECURITY_USER_PASSWORD, else ~/.thor/operator-password (what ops/run-demo.sh made).
# Installs Debian's chromium and, into target/console-check, playwright-core from the npm registry, if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-http://127.0.0.1:8080}
out=${2:-target/console-routes.png}
password=${SPRING_SECURITY_USER_PASSWORD:-$(cat "$HOME/.thor/operator-password" 2>/dev/null || true)}
[ -n "$password" ] || { echo "no operator password: set SPRING_SECURITY_USER_PASSWORD"; exit 1; }

if ! command -v chromium >/dev/null; then
  echo "[check-console] installing chromium (Debian package)"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get install -y chromium >/dev/null
fi
command -v node >/dev/null || { echo "node is needed (Debian package nodejs)"; exit 1; }
mkdir -p target/console-check
if [ ! -d target/console-check/node_modules/playwright-core ]; then
  (cd target/console-check && npm init -y >/dev/null && npm install --silent playwright-core@1 >/dev/null)
fi
cp ops/check-console.js target/console-check/

# every route id declared in the YAML routes (the line after "- route:")
mapfile -t ids < <(awk '/^- route:/{getline; if ($1=="id:") print $2}' src/main/resources/routes/*.camel.yaml)
mkdir -p "$(dirname "$out")"
THOR_OPERATOR_PASSWORD="$password" node target/console-check/check-console.js "$base" "$(realpath -m "$out")" "${ids[@]}"
