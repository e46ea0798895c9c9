#!/usr/bin/env bash
# Opens the lab's ports (from plan.env) on the private network's interface only, and nothing else there.
# firewalld when the box has it (a zone of its own for that interface), else plain iptables (a chain of its own).
# LAB_VM_FIREWALL_BACKEND=firewalld|iptables forces one (the dry-run test shows both).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"
load_plan "${1:?usage: firewall.sh <plan.env>}"

iface="$(ip -o -4 addr show 2>/dev/null | awk -v a="$LAB_VM_ADDRESS" '{ split($4, p, "/"); if (p[1] == a) print $2 }' | head -n 1 || true)"
if [ -z "$iface" ]; then
  [ "$DRY_RUN" = 1 ] || die "no interface has $LAB_VM_ADDRESS: is the private network up? (see README, VirtualBox host-only networks)"
  iface="<interface of $LAB_VM_ADDRESS>"
fi

backend="${LAB_VM_FIREWALL_BACKEND:-auto}"
if [ "$backend" = auto ]; then
  if command -v firewall-cmd >/dev/null 2>&1; then backend=firewalld; else backend=iptables; fi
fi
say "firewall ($backend) on $iface: open ${LAB_VM_FIREWALL_PORTS[*]}"

if [ "$backend" = firewalld ]; then
  zone=clickstream-lab
  run systemctl enable --now firewalld
  if ! firewall-cmd --permanent --get-zones 2>/dev/null | tr ' ' '\n' | grep -qx "$zone"; then
    run firewall-cmd --permanent --new-zone="$zone"
  fi
  # Ports a previous plan opened and this one does not (a changed LAB_*_PORT) are closed again.
  for open in $(firewall-cmd --permanent --zone="$zone" --list-ports 2>/dev/null || true); do
    case " ${LAB_VM_FIREWALL_PORTS[*]} " in *" $open "*) ;; *) run firewall-cmd --permanent --zone="$zone" --remove-port="$open" ;; esac
  done
  for port in "${LAB_VM_FIREWALL_PORTS[@]}"; do
    run firewall-cmd --permanent --zone="$zone" --add-port="$port"
  done
  run firewall-cmd --permanent --zone="$zone" --change-interface="$iface"
  run firewall-cmd --reload
else
  chain=CLICKSTREAM_LAB
  if iptables -n -L "$chain" >/dev/null 2>&1; then run iptables -F "$chain"; else run iptables -N "$chain"; fi
  run iptables -A "$chain" -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  run iptables -A "$chain" -p icmp -j ACCEPT
  for port in "${LAB_VM_FIREWALL_PORTS[@]}"; do
    run iptables -A "$chain" -p "${port#*/}" --dport "${port%/*}" -j ACCEPT
  done
  run iptables -A "$chain" -j REJECT
  iptables -C INPUT -i "$iface" -j "$chain" 2>/dev/null || run iptables -I INPUT -i "$iface" -j "$chain"
fi
