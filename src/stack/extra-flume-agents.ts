import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { LabError, ServiceStartError } from '../errors';
import { freePort, waitFor, WaitAborted } from '../process/health';
import { errorLines, labMarker, logTail, runningFromPidFile, startDetached, stopProcess, type PidRecord } from '../process/pid-process';
import { ensureComponent } from './fetch';
import { javaBin } from './java';
import { ensureJavaTool } from './java-tools';
import { templatesDir } from './render';
import { fetchFlumeMetricsAt, parseProperties, type FlumeMetrics } from './services/flume';

/**
 * Extra Flume agents: a config someone wrote (a lesson's exercise, an experiment), run from the lab's cached
 * Flume jars next to the lab's own agent, each in its own JVM with its own metrics port, pid file and log, and
 * stopped by `stop()` or, if a notebook died first, by `lab down`. The lab's agent is not touched. They always
 * run on this machine, on loopback (with the stack in the VM too: they reach its Kafka over the network).
 */
export interface ExtraFlumeAgentOptions {
  /** A plain name (letters, digits, `-`): the agent's files are under LAB_HOME/extra-flume/<name>/. */
  name: string;
  /** The agent's name inside the config (the `<agent>` of `<agent>.sources = …`). */
  agent: string;
  /** The config, as Flume's properties text. */
  config: string;
  /** Default 128m: an agent with a memory channel of a few thousand lines needs little. */
  heap?: string;
  /** Default 60 s. */
  startTimeoutMs?: number;
}

export interface ExtraFlumeAgent {
  name: string;
  pid: number;
  metricsPort: number;
  logFile: string;
  metrics(): Promise<FlumeMetrics>;
  /** The WARN and ERROR lines this run of the agent has logged (Flume names there what it could not configure). */
  warnings(): string[];
  /** Stops the JVM (TERM, then KILL after 10 s); resolves once it is gone. */
  stop(): Promise<void>;
}

const AGENT_HOST = '127.0.0.1';
const NAME = /^[A-Za-z0-9-]{1,60}$/;
const PROCESS_PREFIX = 'flume-extra-';

function agentDir(cfg: LabConfig, name: string): string {
  return path.join(labPaths(cfg).home, 'extra-flume', name);
}

/** The component names an agent's config declares, as Flume's metrics name them (`SOURCE.r1`, `CHANNEL.c1`, `SINK.k1`). */
export function declaredComponents(config: string, agent: string): string[] {
  const props = parseProperties(config);
  const names = (kind: string) => (props.get(`${agent}.${kind}`) ?? '').split(/\s+/).filter((n) => n !== '');
  return [...names('sources').map((n) => `SOURCE.${n}`), ...names('channels').map((n) => `CHANNEL.${n}`), ...names('sinks').map((n) => `SINK.${n}`)];
}

/**
 * Starts an agent and waits until its sources and channels report themselves started (sinks may still be
 * connecting: an avro sink whose collector is not up yet retries). A config Flume cannot run — no component
 * starts, or the JVM exits — fails with the lines of the agent's log that say why.
 */
export async function startFlumeAgent(cfg: LabConfig, opts: ExtraFlumeAgentOptions): Promise<ExtraFlumeAgent> {
  if (!NAME.test(opts.name)) throw new RangeError(`Expected an agent name of letters, digits and -, got \`${opts.name}\``);
  const components = declaredComponents(opts.config, opts.agent);
  const mustStart = components.filter((c) => !c.startsWith('SINK.'));
  if (mustStart.length === 0) {
    throw new LabError(`The config declares no source or channel for agent \`${opts.agent}\``, {
      hint: `It needs lines such as \`${opts.agent}.sources = r1\` and \`${opts.agent}.channels = c1\`: the agent name is the first part of every key.`,
    });
  }
  const paths = labPaths(cfg);
  const dir = agentDir(cfg, opts.name);
  await stopExtraFlumeAgent(cfg, opts.name); // one of the same name left by an earlier run
  fs.mkdirSync(dir, { recursive: true });
  const confFile = path.join(dir, 'flume.conf');
  fs.writeFileSync(confFile, opts.config);
  const jars = await ensureComponent(cfg, 'flume', { quiet: true });
  const monitor = await ensureJavaTool(cfg, 'LoopbackMonitor', jars);
  const metricsPort = await freePort(AGENT_HOST);
  const service = `${PROCESS_PREFIX}${opts.name}`;
  const marker = labMarker(service, cfg.home);
  const logFile = path.join(paths.logs, `${service}.log`);
  const args = [
    '-Xms32m',
    `-Xmx${opts.heap ?? '128m'}`,
    '-XX:+UseSerialGC',
    '-Xss512k',
    '-Djava.net.preferIPv4Stack=true',
    `-D${marker}`,
    // The template itself (it has no placeholders): there is no rendered copy on this side when the stack is in the VM.
    `-Dlog4j2.configurationFile=${path.join(templatesDir(cfg), 'log4j2.properties')}`,
    '-Dflume.monitoring.type=LoopbackMonitor',
    `-Dflume.monitoring.host=${AGENT_HOST}`,
    `-Dflume.monitoring.port=${metricsPort}`,
    '-cp',
    [monitor, jars.classpath].join(path.delimiter),
    'org.apache.flume.node.Application',
    '-n',
    opts.agent,
    '-f',
    confFile,
    '--no-reload-conf',
  ];
  const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const pidFile = path.join(dir, 'agent.pid');
  const proc = startDetached({ service, command: javaBin(), args, marker, logFile, pidFile, cwd: dir });
  const warnings = () => logLinesSince(logFile, logStart).filter((l) => / (WARN|ERROR) /.test(l) && !/has no configfilters/.test(l));
  const stop = () => stopAgent(proc.record, pidFile);
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  try {
    await waitFor(
      async () => {
        const m = await fetchFlumeMetricsAt(AGENT_HOST, metricsPort);
        const waiting = mustStart.filter((c) => Number(m[c]?.StartTime ?? 0) === 0);
        return waiting.length === 0 ? true : `${waiting.join(', ')} not started`;
      },
      { timeoutMs: startTimeoutMs, abortOn: proc.exited },
    );
  } catch (err) {
    await stop();
    const exited = err instanceof WaitAborted ? 'exited while starting' : `did not start ${mustStart.join(', ')} within ${startTimeoutMs / 1000} s`;
    throw new ServiceStartError(`Flume agent \`${opts.agent}\` (${opts.name}) ${exited}`, {
      service,
      command: `java … org.apache.flume.node.Application -n ${opts.agent} -f ${confFile}`,
      logFile,
      logTail: errorLines(logTail(logFile, 300)),
      exitCode: null,
      signal: null,
    });
  }
  return { name: opts.name, pid: proc.record.pid, metricsPort, logFile, metrics: () => fetchFlumeMetricsAt(AGENT_HOST, metricsPort), warnings, stop };
}

/** The lines `file` got after its first `from` bytes. */
function logLinesSince(file: string, from: number): string[] {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - from));
      fs.readSync(fd, buf, 0, buf.length, from);
      return buf.toString('utf8').split('\n').filter((l) => l !== '');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return [];
  }
}

/** The extra agents whose process runs, by name. */
export function runningExtraFlumeAgents(cfg: LabConfig): { name: string; record: PidRecord }[] {
  const root = path.join(labPaths(cfg).home, 'extra-flume');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .map((name) => ({ name, record: runningFromPidFile(path.join(root, name, 'agent.pid')) }))
    .filter((a): a is { name: string; record: PidRecord } => a.record !== undefined);
}

/** Stops an agent's JVM (if it still runs) and forgets its pid file. */
async function stopAgent(record: PidRecord | undefined, pidFile: string): Promise<void> {
  if (record) await stopProcess(record, 10_000);
  fs.rmSync(pidFile, { force: true });
}

async function stopExtraFlumeAgent(cfg: LabConfig, name: string): Promise<void> {
  const pidFile = path.join(agentDir(cfg, name), 'agent.pid');
  await stopAgent(runningFromPidFile(pidFile), pidFile);
}

/** Stops every extra agent still running (`lab down` calls it); returns their names. */
export async function stopExtraFlumeAgents(cfg: LabConfig): Promise<string[]> {
  const running = runningExtraFlumeAgents(cfg);
  for (const a of running) await stopExtraFlumeAgent(cfg, a.name);
  return running.map((a) => a.name);
}
