#!/usr/bin/env bash
# Makes the VM's database server the lab's: the database, the lab's user for the host-only network, the tables
# (the SQL is rendered on the host by `lab vm render` from src/sql/provision.ts, the statements `lab up` runs
# natively). Runs as root over the server's local socket once it answers; every statement may run again.
#   usage: mariadb-provision.sh <plan.env>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"
load_plan "${1:?usage: mariadb-provision.sh <plan.env>}"

client=(mariadb --no-defaults --protocol=socket --socket="$LAB_VM_MARIADB_SOCKET" --user=root)
if [ "$DRY_RUN" = 1 ]; then
  run "${client[@]}" "<$LAB_VM_MARIADB_PROVISION_SQL"
  exit 0
fi
for _ in $(seq 1 "${LAB_VM_MARIADB_WAIT_SEC:-120}"); do
  if "${client[@]}" -e 'SELECT 1' >/dev/null 2>&1; then break; fi
  sleep 1
done
"${client[@]}" <"$LAB_VM_MARIADB_PROVISION_SQL"
say "database provisioned ($LAB_VM_MARIADB_PROVISION_SQL)"
