import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { LabError } from '../errors';
import { errorLines, labMarker, logTail, runningFromPidFile, sinceLastStart, startDetached, stopProcess, type PidRecord, type StartedProcess } from '../process/pid-process';
import type { ComponentJars } from '../stack/fetch';
import { javaBin } from '../stack/java';
import { eventually } from '../util/wait';
import { SPARK_JDK17_FLAGS } from './job';
import { submitArgs, type SparkPackage, type SubmitCommandOptions } from './package';

/**
 * A Spark standalone cluster (one Master, one Worker) run from the jars Maven fetched, with no Spark distribution:
 * the Master, Worker and SparkSubmit classes are in spark-core, which the 'spark' component has. What a
 * distribution adds is a SPARK_HOME whose jars/ the Worker's launcher puts on each executor's classpath; one is
 * built of symlinks to the cached jars. Everything binds to 127.0.0.1; every process is ours by pid (and a marker
 * on its command line), stopped by pid.
 */

export interface ClusterProcess {
  name: string;
  record: PidRecord;
  logFile: string;
  pidFile: string;
  /** The file of the cluster processes not yet stopped (stopLeftoverStandalone). */
  registry: string;
  exited: StartedProcess['exited'];
}

export interface StandaloneCluster {
  masterUrl: string;
  sparkHome: string;
  master: ClusterProcess;
  worker: ClusterProcess;
}

export interface StandaloneOptions {
  /** The Master's RPC port (its URL is spark://127.0.0.1:<port>). */
  masterPort: number;
  /** Names the processes' logs and pid files: `<prefix>-master`, `-worker`, `-submit` (default spark-standalone). */
  prefix?: string;
  /** What the Worker offers executors: 2 cores (this machine's), 1g. */
  workerCores?: number;
  workerMemory?: string;
}

const HOST = '127.0.0.1';
/** Master and Worker only schedule: small heaps. */
const DAEMON_HEAP = '256m';

function standaloneDir(cfg: LabConfig): string {
  return path.join(labPaths(cfg).data, 'spark-standalone');
}

/**
 * A minimal SPARK_HOME: `jars/` holds symlinks to the component's jars that a distribution ships (`provided`: spark-sql's
 * closure), so the job's other dependencies must come through `--jars` exactly as on a real cluster; `conf/` (on the
 * launcher's classpath) is empty; RELEASE says what this is. Rebuilt each time: the cache's jars may have moved.
 */
export function buildSparkHome(cfg: LabConfig, jars: ComponentJars, provided: readonly string[]): string {
  const home = path.join(standaloneDir(cfg), 'home');
  const want = new Set(provided);
  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(path.join(home, 'jars'), { recursive: true });
  fs.mkdirSync(path.join(home, 'conf'), { recursive: true });
  fs.mkdirSync(path.join(standaloneDir(cfg), 'tmp'), { recursive: true });
  for (const jar of jars.jars) {
    if (want.has(path.basename(jar))) fs.symlinkSync(jar, path.join(home, 'jars', path.basename(jar)));
  }
  fs.writeFileSync(path.join(home, 'RELEASE'), `Spark ${cfg.versions.spark} (Scala 2.13): jars resolved by Maven for clickstream-lab, no distribution\n`);
  return home;
}

/** What every JVM of the cluster runs with: the JDK 17 openings, the distribution's classpath, Spark's own environment. */
function jvm(sparkHome: string, heap: string, marker: string, extra: string[]): string[] {
  return [...SPARK_JDK17_FLAGS, `-Xmx${heap}`, `-D${marker}`, '-cp', `${path.join(sparkHome, 'conf')}${path.delimiter}${path.join(sparkHome, 'jars', '*')}`, ...extra];
}

function sparkEnv(cfg: LabConfig, sparkHome: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // Where the Worker finds jars/ for its executors.
    SPARK_HOME: sparkHome,
    // Every service, the driver and the executors bind to loopback.
    SPARK_LOCAL_IP: HOST,
    // The Worker's launcher asks for it when building an executor's command (or, with no Spark build to look at,
    // fails with "Cannot find any build directories").
    SPARK_SCALA_VERSION: '2.13',
    // Scratch space (shuffle files, fetched jars) of driver and executors under LAB_HOME, not /tmp; the Worker
    // hands it on to its executors (spark.local.dir would be overridden there).
    SPARK_LOCAL_DIRS: path.join(standaloneDir(cfg), 'tmp'),
  };
}

/** The names of the cluster processes started and not yet stopped: what `lab down` stops if their starter could not. */
function registryFile(cfg: LabConfig): string {
  return path.join(standaloneDir(cfg), 'processes.json');
}

function registered(registry: string): string[] {
  try {
    return JSON.parse(fs.readFileSync(registry, 'utf8')) as string[];
  } catch {
    return [];
  }
}

function register(registry: string, name: string, on: boolean): void {
  const names = new Set(registered(registry));
  if (on) names.add(name);
  else names.delete(name);
  fs.mkdirSync(path.dirname(registry), { recursive: true });
  fs.writeFileSync(registry, JSON.stringify([...names]));
}

/**
 * Stops the cluster processes whose starter ended without stopping them (a test killed on a timeout): submit first,
 * then Worker (its executors go with it), then Master, each only if its pid still carries the lab's marker.
 */
export async function stopLeftoverStandalone(cfg: LabConfig): Promise<string[]> {
  const order = (n: string) => (n.endsWith('-submit') ? 0 : n.endsWith('-worker') ? 1 : 2);
  const stopped: string[] = [];
  for (const name of registered(registryFile(cfg)).sort((a, b) => order(a) - order(b))) {
    const rec = runningFromPidFile(labPaths(cfg).pidFile(name));
    if (rec) {
      await stopProcess(rec, 15_000);
      stopped.push(name);
    }
    fs.rmSync(labPaths(cfg).pidFile(name), { force: true });
    register(registryFile(cfg), name, false);
  }
  return stopped;
}

function launch(cfg: LabConfig, name: string, sparkHome: string, heap: string, javaArgs: string[]): ClusterProcess {
  const paths = labPaths(cfg);
  register(registryFile(cfg), name, true);
  const marker = labMarker(name, cfg.home);
  const logFile = paths.serviceLog(name);
  const proc = startDetached({
    service: name,
    command: javaBin(),
    args: jvm(sparkHome, heap, marker, javaArgs),
    marker,
    logFile,
    pidFile: paths.pidFile(name),
    cwd: standaloneDir(cfg),
    env: sparkEnv(cfg, sparkHome),
  });
  if (proc.record.pid < 0) throw new LabError(`could not start ${name}`, { hint: `See ${logFile}.` });
  return { name, record: proc.record, logFile, pidFile: paths.pidFile(name), registry: registryFile(cfg), exited: proc.exited };
}

/**
 * Waits until the process's log has a line containing `line`; fails with the log's error lines if it exits first
 * or logs a line matching `failOn` (a driver whose executors all failed can linger after its main thread died).
 */
async function untilLogged(p: ClusterProcess, line: string, timeoutMs: number, failOn?: RegExp): Promise<void> {
  let gone = false;
  void p.exited.then(() => (gone = true));
  // Only the lines of this run: the log file is appended to across runs.
  const lines = () => sinceLastStart(logTail(p.logFile, 2000), p.name);
  // `eventually` retries a try that throws, so an end is returned, not thrown, and reported after the wait.
  const outcome = await eventually(`${p.name} to log "${line}"`, () => {
    const now = lines();
    if (now.some((l) => l.includes(line))) return { ok: true as const };
    const failed = failOn ? now.find((l) => failOn.test(l)) : undefined;
    if (gone || failed) return { ok: false as const, why: gone ? 'exited' : `failed: ${failed}`, log: now };
    return undefined;
  }, { timeoutMs, intervalMs: 250 });
  if (!outcome.ok) throw new LabError(`${p.name} ${outcome.why}`, { hint: `${p.logFile}:\n${errorLines(outcome.log, 12).join('\n')}` });
}

/** Starts a Master and one Worker registered with it; resolves once the Worker has registered. */
export async function startStandalone(cfg: LabConfig, sparkHome: string, opts: StandaloneOptions): Promise<StandaloneCluster> {
  const prefix = opts.prefix ?? 'spark-standalone';
  const masterUrl = `spark://${HOST}:${opts.masterPort}`;
  // Web UIs on port 0 (the kernel's pick): they cannot be switched off for Master and Worker, only kept off known ports.
  const master = launch(cfg, `${prefix}-master`, sparkHome, DAEMON_HEAP, [
    '-Dspark.master.rest.enabled=false',
    'org.apache.spark.deploy.master.Master', '--host', HOST, '--port', String(opts.masterPort), '--webui-port', '0',
  ]);
  try {
    await untilLogged(master, 'I have been elected leader', 60_000);
    const workDir = path.join(standaloneDir(cfg), `${prefix}-work`);
    fs.mkdirSync(workDir, { recursive: true });
    const worker = launch(cfg, `${prefix}-worker`, sparkHome, DAEMON_HEAP, [
      'org.apache.spark.deploy.worker.Worker', '--host', HOST, '--port', '0', '--webui-port', '0',
      '--cores', String(opts.workerCores ?? 2), '--memory', opts.workerMemory ?? '1g', '--work-dir', workDir, masterUrl,
    ]);
    try {
      await untilLogged(worker, 'Successfully registered with master', 60_000);
    } catch (err) {
      await stopClusterProcess(worker);
      throw err;
    }
    return { masterUrl, sparkHome, master, worker };
  } catch (err) {
    await stopClusterProcess(master);
    throw err;
  }
}

/** The line the job prints once its streaming query has started (SparkClickJob). */
const STARTED_LINE = 'clickstream-spark: reading';

/**
 * spark-submit in client mode, as the `spark-submit` script would run it: SparkSubmit in a JVM of its own with
 * the distribution's jars, which then runs the job's main in that JVM (the driver). Resolves once the query runs.
 */
export async function submitToStandalone(
  cfg: LabConfig,
  cluster: StandaloneCluster,
  pkg: Pick<SparkPackage, 'jobJar' | 'deps'>,
  settings: readonly string[],
  opts: { prefix?: string; driverHeap?: string; submit?: Partial<SubmitCommandOptions> } = {},
): Promise<ClusterProcess> {
  const name = `${opts.prefix ?? 'spark-standalone'}-submit`;
  const args = submitArgs(pkg, settings, {
    master: cluster.masterUrl,
    deployMode: 'client',
    totalCores: 2,
    ...opts.submit,
    conf: {
      // Executors are JVMs the Worker starts: they need the JDK 17 openings too (the driver has them on its command line).
      'spark.executor.extraJavaOptions': SPARK_JDK17_FLAGS.join(' '),
      'spark.driver.host': HOST,
      'spark.driver.bindAddress': HOST,
      ...opts.submit?.conf,
    },
  });
  // In client mode the driver is this JVM: its heap is set here (what --driver-memory makes the script do).
  const submit = launch(cfg, name, cluster.sparkHome, opts.driverHeap ?? '512m', ['org.apache.spark.deploy.SparkSubmit', ...args]);
  try {
    await untilLogged(submit, STARTED_LINE, 120_000, /Exception in thread "main"|Master removed our application/);
  } catch (err) {
    await stopClusterProcess(submit);
    throw err;
  }
  return submit;
}

/** Pids of the live processes whose parent is `pid` (Linux /proc; empty elsewhere). */
export function childPids(pid: number): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const e of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state, ppid, …
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(e));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** SIGTERM, then SIGKILL after the grace period; only if the pid still carries our marker. */
export async function stopClusterProcess(p: ClusterProcess, graceMs = 15_000): Promise<string> {
  const outcome = await stopProcess(p.record, graceMs);
  fs.rmSync(p.pidFile, { force: true });
  register(p.registry, p.name, false);
  return outcome;
}

/**
 * Stops the driver (if given), then the Worker, then the Master. The Worker kills its executors as it stops; any
 * executor still there afterwards (its pid noted as the Worker's child before, and still an executor) is killed too.
 */
export async function stopStandalone(cluster: StandaloneCluster, submit?: ClusterProcess): Promise<Record<string, string>> {
  const outcome: Record<string, string> = {};
  if (submit) outcome[submit.name] = await stopClusterProcess(submit, 20_000);
  const executors = childPids(cluster.worker.record.pid).map((pid): PidRecord => ({ pid, service: 'executor', marker: 'CoarseGrainedExecutorBackend', startedAt: '', command: '' }));
  outcome[cluster.worker.name] = await stopClusterProcess(cluster.worker);
  for (const e of executors) {
    const o = await stopProcess(e, 5000);
    if (o !== 'not-running') outcome[`executor ${e.pid}`] = o;
  }
  outcome[cluster.master.name] = await stopClusterProcess(cluster.master);
  return outcome;
}
