#!/usr/bin/env bash
# Builds Thor and runs it on the built-in demo feed, with local Redis and PostgreSQL made available first.
# Extra arguments go to the app (e.g. --server.port=8081). Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

bash ops/ensure-services.sh

if [ -z "${SPRING_SECURITY_USER_PASSWORD:-}" ]; then
  # An operator password for this machine, made once and kept owner-only.
  mkdir -p "$HOME/.thor" && chmod 700 "$HOME/.thor"
  if [ ! -s "$HOME/.thor/operator-password" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$HOME/.thor/operator-password")
  fi
  SPRING_SECURITY_USER_PASSWORD=$(cat "$HOME/.thor/operator-password")
  export SPRING_SECURITY_USER_PASSWORD
  echo "[run-demo] operator login: user 'operator', password in $HOME/.thor/operator-password"
fi

if [ ! -f target/thor-market-pipeline.jar ] || [ -n "$(find src pom.xml -newer target/thor-market-pipeline.jar -print -quit)" ]; then
  mvn -B -q -DskipTests package
fi

exec java -Xmx512m -jar target/thor-market-pipeline.jar \
  --thor.livedata.demo.enabled=true \
  --thor.markets.additional-locations=classpath:markets/demo-24x7.yaml \
  "$@"
