#!/usr/bin/env bash
# Installs the launcher and the systemd units the host rendered, then starts the services (restarting only
# those whose unit, launch file or config changed since the last run). Enabled units come back after a reboot.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"
plan="${1:?usage: services.sh <plan.env>}"
load_plan "$plan"

# LAB_VM_SYSTEMD_DIR only for the test that runs this script outside a VM.
systemd_dir="${LAB_VM_SYSTEMD_DIR:-/etc/systemd/system}"
run install -d -o "$LAB_VM_SERVICE_USER" -g "$LAB_VM_SERVICE_USER" -m 0755 "$LAB_VM_DATA_DIR"
# A new launcher restarts every service, so that all of them run the same one.
runner_changed=0
if install_file "$here/run-service.sh" "$LAB_VM_RUNNER" 0755; then runner_changed=1; fi

# What a service runs is its unit, its launch file(s) and its rendered configs: a digest of them, kept on
# the VM's disk, tells whether it must be restarted.
stamp_dir="$LAB_VM_DATA_DIR/.stamps"
run mkdir -p "$stamp_dir"
changed_units=()
reload=0
for unit in "${LAB_VM_UNITS[@]}"; do
  if install_file "$LAB_VM_UNIT_DIR/$unit" "$systemd_dir/$unit" 0644; then reload=1; fi
  svc="${unit#clickstream-}"
  svc="${svc%.service}"
  digest="$(cat "$LAB_VM_UNIT_DIR/$unit" "$LAB_VM_LAUNCH_DIR/$svc"*.args "$(dirname "$LAB_VM_LAUNCH_DIR")/conf/$svc"/* | sha256sum | cut -d' ' -f1)"
  if [ "$runner_changed" = 1 ] || [ "$(cat "$stamp_dir/$svc" 2>/dev/null || true)" != "$digest" ]; then
    changed_units+=("$unit")
    if [ "$DRY_RUN" = 1 ]; then printf '+ record %s digest %s\n' "$svc" "$digest"; else printf '%s\n' "$digest" >"$stamp_dir/$svc"; fi
  fi
done
if [ "$reload" = 1 ]; then run systemctl daemon-reload; fi
run systemctl enable "${LAB_VM_UNITS[@]}"
if [ "${#changed_units[@]}" -gt 0 ]; then
  say "(re)starting ${changed_units[*]}"
  run systemctl restart "${changed_units[@]}"
fi
# Units that did not change are only started (a no-op when they run): after `vagrant reload` they may
# have given up while the synced folder was not mounted yet.
run systemctl start "${LAB_VM_UNITS[@]}"
# The database's user and tables: made inside the VM (its root logs in over the local socket only).
bash "$here/mariadb-provision.sh" "$plan"
say "services: ${LAB_VM_UNITS[*]} — logs in $LAB_VM_LOG_DIR (\`npx lab logs <service>\` on the host)"
