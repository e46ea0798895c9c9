import type { VmPlan } from './plan';

/**
 * A thin systemd unit per service: it only runs the launcher with the service's name; what `java` runs is
 * in the launch file the host rendered. systemd brings the services back after `vagrant reload`.
 * (CentOS 7 ships systemd 219: no `StandardOutput=append:`, so the launcher redirects to the log itself.)
 */
export function unitFile(plan: VmPlan, unit: VmPlan['units'][number]): string {
  const deps = ['network-online.target', ...unit.after].join(' ');
  return `# Rendered by \`lab vm render\` (src/vm/units.ts); installed by vagrant/provision/services.sh. Do not edit.
[Unit]
Description=clickstream-lab ${unit.service} ${plan.versions[unit.service]}
After=${deps}
Wants=${deps}

[Service]
Type=simple
User=${plan.serviceUser}
ExecStart=${plan.paths.runner} ${plan.paths.planEnv} ${unit.service}
# The launcher waits for the synced folder (Vagrant mounts it after boot); a crash is retried, forever.
Restart=on-failure
RestartSec=5
StartLimitInterval=0
TimeoutStopSec=${unit.stopTimeoutSec}
# A JVM stopped by SIGTERM exits with 143.
SuccessExitStatus=143
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
`;
}
