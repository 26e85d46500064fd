#!/usr/bin/env bash
# Makes local Redis and PostgreSQL available for Thor, and the `thor` role and databases.
# Safe to run again and again: a service that already answers on its host and port is used as it is;
# a missing one is installed from Debian's packages (redis-server, postgresql) and started.
#
# Environment (defaults in brackets): THOR_REDIS_HOST [127.0.0.1], THOR_REDIS_PORT [6379],
# THOR_DB_HOST [127.0.0.1], THOR_DB_PORT [5432], THOR_DB_USER [thor], THOR_DB_PASSWORD [thor],
# THOR_DB_NAME [thor], THOR_DB_TEST_NAME [thor_test].
# With --fresh-test-db the test database is dropped and made again (ops/test.sh does this), so every test
# run starts from the migrations alone.
set -euo pipefail
FRESH_TEST_DB=""
[ "${1:-}" = "--fresh-test-db" ] && FRESH_TEST_DB=1

REDIS_HOST=${THOR_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${THOR_REDIS_PORT:-6379}
DB_HOST=${THOR_DB_HOST:-127.0.0.1}
DB_PORT=${THOR_DB_PORT:-5432}
DB_USER=${THOR_DB_USER:-thor}
DB_PASSWORD=${THOR_DB_PASSWORD:-thor}
DB_NAME=${THOR_DB_NAME:-thor}
DB_TEST_NAME=${THOR_DB_TEST_NAME:-thor_test}

say() { echo "[ensure-services] $*"; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

APT_UPDATED=""
apt_install() {
  if ! command -v apt-get >/dev/null; then
    say "cannot install $* here: no apt-get (install it by hand)"; exit 1
  fi
  if [ -z "$APT_UPDATED" ]; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  say "installing $* from Debian's packages"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

answers() { # host port: true when something accepts TCP connections there
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

is_local() { case "$1" in 127.*|localhost|::1) return 0;; *) return 1;; esac; }

wait_for() { # host port name
  for _ in $(seq 1 60); do
    if answers "$1" "$2"; then return 0; fi
    sleep 0.5
  done
  say "$3 does not answer on $1:$2 after 30 s"; exit 1
}

# --- Java and Maven (needed to build and run) ---------------------------------------------------
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  apt_install openjdk-17-jdk-headless maven
fi

# --- Redis ---------------------------------------------------------------------------------------
if answers "$REDIS_HOST" "$REDIS_PORT"; then
  say "Redis answers on $REDIS_HOST:$REDIS_PORT"
elif is_local "$REDIS_HOST"; then
  command -v redis-server >/dev/null || apt_install redis-server
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  # Append-only file on: a Redis restart then loses nothing the engine checkpointed (README "Durability").
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" \
    --dir /var/lib/redis --appendonly yes --appendfsync everysec \
    --logfile /var/log/redis/thor-redis.log
  wait_for "$REDIS_HOST" "$REDIS_PORT" Redis
  say "Redis started on $REDIS_HOST:$REDIS_PORT (AOF on, data in /var/lib/redis)"
else
  say "Redis does not answer on $REDIS_HOST:$REDIS_PORT and that host is not this machine"; exit 1
fi

# --- PostgreSQL ----------------------------------------------------------------------------------
if answers "$DB_HOST" "$DB_PORT"; then
  say "PostgreSQL answers on $DB_HOST:$DB_PORT"
elif is_local "$DB_HOST"; then
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt_install postgresql
  fi
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if ! ls "/etc/postgresql/$version/main" >/dev/null 2>&1; then
    $SUDO pg_createcluster "$version" main -p "$DB_PORT" >/dev/null
  fi
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for "$DB_HOST" "$DB_PORT" PostgreSQL
  say "PostgreSQL $version started on $DB_HOST:$DB_PORT"
else
  say "PostgreSQL does not answer on $DB_HOST:$DB_PORT and that host is not this machine"; exit 1
fi

command -v psql >/dev/null || apt_install postgresql-client

# Run SQL as a superuser: over TCP as postgres (trust setups), else through the local socket as the
# postgres OS user (Debian's default peer authentication).
admin_psql() {
  if PGCONNECT_TIMEOUT=5 psql -h "$DB_HOST" -p "$DB_PORT" -U postgres -d postgres -tAqc 'select 1' >/dev/null 2>&1; then
    psql -h "$DB_HOST" -p "$DB_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq "$@"
  elif [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    runuser -u postgres -- psql -p "$DB_PORT" -d postgres -v ON_ERROR_STOP=1 -tAq "$@"
  else
    sudo -u postgres psql -p "$DB_PORT" -d postgres -v ON_ERROR_STOP=1 -tAq "$@"
  fi
}

if [ "$(admin_psql -c "select 1 from pg_roles where rolname = '$DB_USER'")" != 1 ]; then
  admin_psql -c "create role \"$DB_USER\" login password '$DB_PASSWORD'"
  say "created role $DB_USER"
fi
if [ -n "$FRESH_TEST_DB" ]; then
  admin_psql -c "drop database if exists \"$DB_TEST_NAME\" with (force)"
fi
for db in "$DB_NAME" "$DB_TEST_NAME"; do
  if [ "$(admin_psql -c "select 1 from pg_database where datname = '$db'")" != 1 ]; then
    admin_psql -c "create database \"$db\" owner \"$DB_USER\""
    say "created database $db"
  fi
done
# The password must work over TCP (the app connects with it), whatever pg_hba says.
if ! PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=5 psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -tAqc 'select 1' >/dev/null 2>&1; then
  admin_psql -c "alter role \"$DB_USER\" login password '$DB_PASSWORD'"
fi
PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -tAqc 'select 1' >/dev/null
say "ready: Redis $REDIS_HOST:$REDIS_PORT, PostgreSQL $DB_HOST:$DB_PORT (databases $DB_NAME, $DB_TEST_NAME, role $DB_USER)"
