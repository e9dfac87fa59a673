#!/usr/bin/env bash
# Starts the database servers the server-source tests use (MariaDB 127.0.0.1:3306, PostgreSQL
# 127.0.0.1:5432) when they are installed but not answering, waits until they answer, and says
# what it did. A server that is not installed is reported and left alone: the tests then fail
# under CI=true, which is the point. Exit status: 0 when every installed server answers.
#   bash scripts/ci-services.sh [timeout-seconds]   (default 60 per server)
set -uo pipefail

TIMEOUT="${1:-60}"
status=0

say() { echo "ci-services: $*"; }

port_open() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && exec 3>&- 3<&-
}

mariadb_answers() {
  if command -v mariadb-admin >/dev/null 2>&1; then
    mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -u root --connect-timeout=3 ping >/dev/null 2>&1
  elif command -v mysqladmin >/dev/null 2>&1; then
    mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -u root --connect-timeout=3 ping >/dev/null 2>&1
  else
    port_open 127.0.0.1 3306
  fi
}

postgres_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -h 127.0.0.1 -p 5432 -t 3 >/dev/null 2>&1
  else
    port_open 127.0.0.1 5432
  fi
}

wait_for() { # name check-function
  local name="$1" check="$2" waited=0
  until "$check"; do
    if [ "$waited" -ge "$TIMEOUT" ]; then
      say "$name did not answer within ${TIMEOUT}s"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "$name answers (after ${waited}s)"
}

# MariaDB
if mariadb_answers; then
  say "MariaDB already answers on 127.0.0.1:3306"
elif [ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ]; then
  daemon=/usr/sbin/mariadbd
  [ -x "$daemon" ] || daemon=/usr/sbin/mysqld
  say "starting MariaDB ($daemon)"
  # The server's runtime directory (socket, pid) is made by systemd on a normal boot.
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec "$daemon" || say "start-stop-daemon failed for MariaDB"
  wait_for MariaDB mariadb_answers || status=1
else
  say "MariaDB is not installed (no /usr/sbin/mariadbd): not started"
fi

# PostgreSQL
if postgres_answers; then
  say "PostgreSQL already answers on 127.0.0.1:5432"
elif command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  say "starting PostgreSQL $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || say "pg_ctlcluster failed for PostgreSQL $version"
  wait_for PostgreSQL postgres_answers || status=1
else
  say "PostgreSQL is not installed (no cluster under /etc/postgresql): not started"
fi

exit "$status"
