#!/usr/bin/env bash
# Provisions the clickstream-lab VM from the plan the host rendered (`lab vm render`, run by `lab up --vm`).
# Run by the Vagrantfile as root on every `vagrant up`/`reload`/`provision`; every step is idempotent, so
# running it twice changes nothing the second time.
#   usage: provision.sh <plan.env>        DRY_RUN=1 provision.sh <plan.env>   prints the changes instead
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
plan="${1:?usage: provision.sh <plan.env>}"

# Only this step knows about the OS (CentOS 7 vault repositories, or a Rocky/Alma box); the rest is shared.
bash "$here/os-packages.sh" "$plan"
bash "$here/jdk.sh" "$plan"
bash "$here/firewall.sh" "$plan"
bash "$here/services.sh" "$plan"
