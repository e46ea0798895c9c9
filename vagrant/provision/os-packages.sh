#!/usr/bin/env bash
# The OS-specific step. CentOS 7 is end-of-life: mirrorlist.centos.org and mirror.centos.org are gone, so
# yum is pointed at vault.centos.org (the repo file is rendered by the host from src/config/vm.ts). Then the
# few packages the lab needs: tar and gzip for the JDK, firewalld for the private network's rules, and MariaDB
# (the relational store) from MariaDB's own repository — CentOS 7's is 5.5; the lab is written for 10.11.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"
load_plan "${1:?usage: os-packages.sh <plan.env>}"

packages=(tar gzip curl firewalld iproute)
os_id="$(os_field ID)"
os_version="$(os_field VERSION_ID)"

if [ "$os_id" = centos ] && [ "${os_version%%.*}" = 7 ]; then
  say "CentOS 7: yum uses the vault for $LAB_VM_CENTOS_RELEASE ($LAB_VM_YUM_REPO_FILE)"
  if install_file "$LAB_VM_YUM_REPO_FILE" /etc/yum.repos.d/CentOS-Vault-clickstream-lab.repo 0644; then
    # The stock repo files point at mirrorlist.centos.org, which no longer answers: park them, once.
    for stock in /etc/yum.repos.d/CentOS-Base.repo /etc/yum.repos.d/CentOS-CR.repo /etc/yum.repos.d/CentOS-fasttrack.repo; do
      if [ -f "$stock" ]; then
        run mkdir -p /etc/yum.repos.d/parked-by-clickstream-lab
        run mv "$stock" /etc/yum.repos.d/parked-by-clickstream-lab/
      fi
    done
    run yum clean all -q
  fi
  if install_file "$LAB_VM_MARIADB_REPO_FILE" /etc/yum.repos.d/MariaDB-clickstream-lab.repo 0644; then run yum clean all -q; fi
  packages+=("${LAB_VM_MARIADB_PACKAGES[@]}")
  installer=(yum install -y -q)
else
  say "${os_id:-unknown OS} ${os_version}: using its own repositories, and MariaDB's for EL${os_version%%.*}"
  # The same MariaDB series as everywhere else: the distributions' own mariadb-server is 10.3/10.5 on EL8/EL9.
  el_repo="$(mktemp)"
  sed "s/centos7-amd64/rhel${os_version%%.*}-amd64/" "$LAB_VM_MARIADB_REPO_FILE" >"$el_repo"
  install_file "$el_repo" /etc/yum.repos.d/MariaDB-clickstream-lab.repo 0644 || true
  rm -f "$el_repo"
  packages+=("${LAB_VM_MARIADB_PACKAGES[@]}")
  installer=(dnf install -y -q)
  command -v dnf >/dev/null 2>&1 || installer=(yum install -y -q)
fi

missing=()
for p in "${packages[@]}"; do
  if ! command -v rpm >/dev/null 2>&1 || ! rpm -q "$p" >/dev/null 2>&1; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  run "${installer[@]}" "${missing[@]}"
else
  say "packages present: ${packages[*]}"
fi
