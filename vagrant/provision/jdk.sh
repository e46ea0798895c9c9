#!/usr/bin/env bash
# JDK 17 for the services (Kafka 4 brokers need 17; CentOS 7's own repositories stop at 11): the pinned
# Temurin tarball from plan.env, verified against its SHA-256 before anything is unpacked. Idempotent: an
# installed JDK of the pinned version is left alone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"
load_plan "${1:?usage: jdk.sh <plan.env>}"

if [ -x "$LAB_VM_JAVA_HOME/bin/java" ] && grep -q "JAVA_RUNTIME_VERSION=\"$LAB_VM_JDK_VERSION\"" "$LAB_VM_JAVA_HOME/release" 2>/dev/null; then
  say "JDK $LAB_VM_JDK_VERSION already in $LAB_VM_JAVA_HOME"
  exit 0
fi

say "installing JDK $LAB_VM_JDK_VERSION into $LAB_VM_JAVA_HOME"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run curl -fsSL --retry 3 -o "$work/jdk.tar.gz" "$LAB_VM_JDK_URL"
if [ "$DRY_RUN" = 1 ]; then
  printf '+ sha256sum -c (expects %s)\n' "$LAB_VM_JDK_SHA256"
elif ! printf '%s  %s\n' "$LAB_VM_JDK_SHA256" "$work/jdk.tar.gz" | sha256sum -c --status -; then
  die "the JDK download does not match its pinned SHA-256 ($LAB_VM_JDK_SHA256): a proxy or a broken download; retry with \`vagrant provision\`"
fi
run mkdir -p "$work/unpacked"
run tar -xzf "$work/jdk.tar.gz" -C "$work/unpacked" --strip-components 1 --no-same-owner
run mkdir -p "$(dirname "$LAB_VM_JAVA_HOME")"
run rm -rf "$LAB_VM_JAVA_HOME"
run mv "$work/unpacked" "$LAB_VM_JAVA_HOME"
run "$LAB_VM_JAVA_HOME/bin/java" -version
