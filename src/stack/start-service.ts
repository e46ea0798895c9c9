import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { PortInUseError, ServiceStartError, ServiceTimeoutError } from '../errors';
import type { ComponentJars } from './fetch';
import { isPortFree, waitFor, WaitAborted, WaitTimeout } from '../process/health';
import { classDataSharingArgs } from './class-data-sharing';
import { javaBin } from './java';
import { errorLines, labMarker, logTail, runningFromPidFile, startDetached, stopProcess } from '../process/pid-process';
import type { JvmServiceDefinition, NativeServiceContext, ServiceContext, ServiceDefinition } from './services';

export interface StartResult {
  service: string;
  pid: number;
  /** `started` now, or `running` already (and healthy). */
  outcome: 'started' | 'running';
  ms: number;
  provisioned: string[];
}

/** A port our own running service holds is fine; any other listener is a conflict to report now, not a hang later. */
export async function assertPortsFree(cfg: LabConfig, def: ServiceDefinition): Promise<void> {
  for (const p of def.ports(cfg)) {
    if (!(await isPortFree(cfg.stack.bindHost, p.port))) {
      throw new PortInUseError(def.name, cfg.stack.bindHost, p.port, p.envVar);
    }
  }
}

function exitMeaning(code: number | null, signal: string | null, command: string): string {
  if (signal) return `killed by ${signal}`;
  if (code === 1) return 'exit code 1: the service reported an error at start';
  if (code === 127) return `exit code 127: ${command} was not found`;
  if (code === 137) return 'exit code 137: killed, often by the out-of-memory killer';
  return `exit code ${code}`;
}

/**
 * Starts one service unless it already runs: checks its ports, prepares its config and storage, starts
 * the JVM detached, and waits for the service's own protocol check. If the JVM dies or the check times out
 * the error carries the command, exit code and the log lines that look like the cause.
 */
export async function startService(cfg: LabConfig, def: ServiceDefinition, jars?: ComponentJars): Promise<StartResult> {
  const began = Date.now();
  const paths = labPaths(cfg);
  const { started, provision, prepare, launch } = bind(def, cfg, jars);
  const existing = runningFromPidFile(paths.pidFile(def.name));
  if (existing) {
    await waitFor(started, { timeoutMs: cfg.startTimeoutMs });
    const provisioned = await provision();
    return { service: def.name, pid: existing.pid, outcome: 'running', ms: Date.now() - began, provisioned };
  }

  await assertPortsFree(cfg, def);
  await prepare();
  const { command, args } = await launch();
  const logFile = paths.serviceLog(def.name);
  const proc = startDetached({
    service: def.name,
    command,
    args,
    marker: labMarker(def.name, cfg.home),
    logFile,
    pidFile: paths.pidFile(def.name),
    cwd: paths.home,
  });
  const failure = (exitCode: number | null, signal: string | null) => ({
    service: def.name,
    command: `${command} ${args.filter((a) => !a.includes('.jar')).join(' ')}`,
    logFile,
    logTail: errorLines(logTail(logFile, 200)),
    exitCode,
    signal,
  });

  try {
    await waitFor(started, { timeoutMs: cfg.startTimeoutMs, abortOn: proc.exited });
  } catch (err) {
    if (err instanceof WaitAborted) {
      const { code, signal } = await proc.exited;
      throw new ServiceStartError(`${def.name} died while starting (${exitMeaning(code, signal, command)})`, failure(code, signal));
    }
    await stopProcess(proc.record, 5000);
    const last = err instanceof WaitTimeout ? err.lastReason : String(err);
    throw new ServiceTimeoutError(
      `${def.name} did not become healthy within ${cfg.startTimeoutMs / 1000} s (last check: ${last ?? 'no answer'}); stopped it`,
      failure(null, null),
      { hint: `Read ${logFile}. A slow machine may need LAB_START_TIMEOUT_MS=180000.` },
    );
  }
  // Provisioning that fails leaves no server of ours running: `up` rolls back only what reported `started`.
  const provisioned = await provision().catch(async (err: unknown) => {
    await stopProcess(proc.record, def.stopGraceMs);
    fs.rmSync(paths.pidFile(def.name), { force: true });
    throw err;
  });
  return { service: def.name, pid: proc.record.pid, outcome: 'started', ms: Date.now() - began, provisioned };
}

/** A service's hooks with their context bound: a JVM service's get its jars, a native one's do not. */
interface BoundService {
  prepare(): Promise<void>;
  started(): Promise<true | string>;
  provision(): Promise<string[]>;
  launch(): Promise<{ command: string; args: string[] }>;
}

function bind(def: ServiceDefinition, cfg: LabConfig, jars: ComponentJars | undefined): BoundService {
  const paths = labPaths(cfg);
  if (def.runtime === 'native') {
    const ctx: NativeServiceContext = { cfg, paths };
    return {
      prepare: () => def.prepare(ctx),
      started: () => (def.startedCheck ? def.startedCheck(ctx) : def.check(cfg)),
      provision: async () => (def.provision ? def.provision(ctx) : []),
      launch: () => def.command(ctx),
    };
  }
  if (!jars) throw new Error(`startService(${def.name}): a JVM service needs its jars`);
  const ctx: ServiceContext = { cfg, paths, jars };
  return {
    prepare: () => def.prepare(ctx),
    started: () => (def.startedCheck ? def.startedCheck(ctx) : def.check(cfg)),
    provision: async () => (def.provision ? def.provision(ctx) : []),
    launch: () => javaLaunch(def, ctx),
  };
}

/** `java` with the service's arguments, and a class-data archive for a faster start. */
async function javaLaunch(def: JvmServiceDefinition, ctx: ServiceContext): Promise<{ command: string; args: string[] }> {
  const javaArgs = await def.javaArgs(ctx);
  const cp = javaArgs.indexOf('-cp');
  const classpath = cp < 0 ? undefined : javaArgs[cp + 1];
  const archive = path.join(ctx.paths.data, 'class-data', `${def.name}.jsa`);
  fs.mkdirSync(path.dirname(archive), { recursive: true });
  return { command: javaBin(), args: [...classDataSharingArgs(archive, classpath), ...javaArgs] };
}
