#!/usr/bin/env bash
# Runs one lab service in the foreground with the exact arguments the host computed for it (the same launch
# logic as the native stack: src/stack/services/*.ts javaArgs, and mariadbdArgs for the database, rendered by
# `lab vm render`). systemd runs it in the VM; CI runs it natively to test the same files.
#   usage: run-service.sh <plan.env> <kafka|hbase|flume|mariadb>
set -euo pipefail
plan="${1:?usage: run-service.sh <plan.env> <service>}"
service="${2:?usage: run-service.sh <plan.env> <service>}"

# At boot systemd starts this before Vagrant has mounted the synced checkout: wait for it.
for _ in $(seq 1 "${LAB_VM_MOUNT_WAIT_SEC:-300}"); do
  [ -r "$plan" ] && break
  sleep 1
done
[ -r "$plan" ] || { echo "clickstream-lab: $plan is not there (synced folder not mounted?)" >&2; exit 1; }
# shellcheck source=/dev/null
. "$plan"

launch="$LAB_VM_LAUNCH_DIR/$service.args"
[ -r "$launch" ] || { echo "clickstream-lab: no launch file $launch: run \`npx lab vm render\` on the host" >&2; exit 1; }
java="$LAB_VM_JAVA_HOME/bin/java"
log="$LAB_VM_LOG_DIR/$service.log"
mkdir -p "$LAB_VM_LOG_DIR" "$LAB_VM_DATA_DIR/$service"
cd "$LAB_VM_DATA_DIR"

# KRaft storage is formatted once, before the first start (--ignore-formatted makes a rerun harmless).
if [ "$service" = kafka ] && [ ! -f "$LAB_VM_DATA_DIR/kafka/meta.properties" ]; then
  mapfile -t format_args <"$LAB_VM_LAUNCH_DIR/kafka-format.args"
  "$java" "${format_args[@]}" >>"$log" 2>&1
fi

mapfile -t args <"$launch"

# The database is MariaDB's own program, not a JVM. Its data directory is made once, with a root that logs in
# over the local socket only (provisioning, vagrant/provision/mariadb-provision.sh, then drops root over TCP).
if [ "$service" = mariadb ]; then
  mariadbd=""
  for candidate in /usr/sbin/mariadbd /usr/libexec/mariadbd /usr/bin/mariadbd; do
    if [ -x "$candidate" ]; then mariadbd="$candidate"; break; fi
  done
  [ -n "$mariadbd" ] || { echo "clickstream-lab: mariadbd is not installed (provisioning installs MariaDB-server)" >&2; exit 1; }
  # Only when run as root (CI runs this file natively as root); in the VM the unit's service user runs it. Two
  # explicit command lines: CentOS 7's bash 4.2 treats an empty array as unbound under `set -u`.
  as_root=""
  if [ "$(id -u)" = 0 ]; then as_root="--user=root"; fi
  if [ ! -d "$LAB_VM_DATA_DIR/mariadb/mysql" ]; then
    install_db=(mariadb-install-db --no-defaults --datadir="$LAB_VM_DATA_DIR/mariadb" --auth-root-authentication-method=normal --skip-test-db)
    if [ -n "$as_root" ]; then install_db+=("$as_root"); fi
    # A half-made data directory would be taken for a made one by every restart: remove it, so the next one retries.
    "${install_db[@]}" >>"$log" 2>&1 || { rm -rf "$LAB_VM_DATA_DIR/mariadb"; echo "clickstream-lab: mariadb-install-db failed; see $log" >&2; exit 1; }
  fi
  mkdir -p "$LAB_VM_DATA_DIR/mariadb-files"
  install -d -m 0700 "$LAB_VM_DATA_DIR/mariadb-run"
  printf '\n===== %s vm starting mariadb: %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$mariadbd" "${args[*]}" >>"$log"
  if [ -n "$as_root" ]; then exec "$mariadbd" "${args[@]}" "$as_root" >>"$log" 2>&1; fi
  exec "$mariadbd" "${args[@]}" >>"$log" 2>&1
fi

printf '\n===== %s vm starting %s: %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$service" "$java" "${args[*]}" >>"$log"
exec "$java" "${args[@]}" >>"$log" 2>&1
