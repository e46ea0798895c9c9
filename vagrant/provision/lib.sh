# shellcheck shell=bash
# Shared by the provisioning scripts: load the plan the host rendered, and run or (DRY_RUN=1) print each change.
# Every value (addresses, versions, ports, URLs, checksums) comes from plan.env, rendered by `lab vm render`
# from src/config; these scripts hold no value of their own.

DRY_RUN="${DRY_RUN:-0}"

say() { printf 'clickstream-lab: %s\n' "$*"; }
die() { printf 'clickstream-lab: ERROR: %s\n' "$*" >&2; exit 1; }

# run CMD...: runs a command that changes the machine; in a dry run prints it instead.
run() {
  if [ "$DRY_RUN" = 1 ]; then
    printf '+ %s\n' "$*"
  else
    "$@"
  fi
}

# load_plan FILE: sources plan.env and checks it carries what the scripts need.
load_plan() {
  local plan="$1"
  [ -r "$plan" ] || die "no plan at $plan: run \`npx lab vm render\` (or \`npx lab up --vm\`) on the host first"
  # shellcheck source=/dev/null
  . "$plan"
  : "${LAB_VM_ADDRESS:?plan.env lacks LAB_VM_ADDRESS: re-render it with \`npx lab vm render\`}"
  : "${LAB_VM_JAVA_HOME:?}" "${LAB_VM_DATA_DIR:?}" "${LAB_VM_LAUNCH_DIR:?}" "${LAB_VM_LOG_DIR:?}" "${LAB_VM_SERVICE_USER:?}"
}

# install_file SRC DST MODE: copies SRC to DST unless identical; returns 0 when it changed DST, 1 when not.
install_file() {
  local src="$1" dst="$2" mode="$3"
  if [ -f "$dst" ] && cmp -s "$src" "$dst"; then
    return 1
  fi
  run install -D -m "$mode" "$src" "$dst"
  return 0
}

# os_field KEY: a field of /etc/os-release (LAB_VM_OS_RELEASE names another file, for the dry-run test).
os_field() {
  local file="${LAB_VM_OS_RELEASE:-/etc/os-release}" line
  [ -r "$file" ] || return 0
  line="$(grep -E "^$1=" "$file" | head -n 1 || true)"
  line="${line#*=}"
  line="${line%\"}"
  printf '%s\n' "${line#\"}"
}
