import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { labPaths, type LabConfig } from '../config';
import { DependencyError, FetchError, LabError } from '../errors';
import { componentPom } from '../stack/components';
import type { ComponentJars } from '../stack/fetch';
import { ensureSparkJob, sparkJobSettings } from './job';

const run = promisify(execFile);

/** The job's own jar: its classes only, Main-Class clickstream.SparkClickJob. */
export const JOB_JAR = 'clickstream-spark-job.jar';
export const JOB_MAIN_CLASS = 'clickstream.SparkClickJob';
/** Beside the job's jar: what `--jars` ships to the driver and the executors. */
const DEPS_DIR = 'deps';
/** Cached in the Spark component's directory: the jar names a Spark distribution brings itself. */
const PROVIDED_FILE = 'provided-by-spark.json';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export interface SparkPackage {
  dir: string;
  /** The job's jar (absolute). */
  jobJar: string;
  /** The dependency jars a Spark distribution does not ship (absolute, sorted): `--jars`. */
  deps: string[];
  /** Jar names of the component that a Spark distribution ships (spark-sql's own closure): a SPARK_HOME's jars/. */
  provided: string[];
}

/**
 * File names of the jars in the output of `mvn dependency:list -DoutputAbsoluteArtifactFilename=true`: each
 * resolved artifact's line ends with `:<absolute path of the jar>` (then maybe ` -- module …`).
 */
export function parseDependencyList(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /:((?:[A-Za-z]:)?[^:\s]+\.jar)(?:\s|$)/.exec(line.trim());
    if (m) names.add(path.basename(m[1] as string));
  }
  return [...names].sort();
}

/** The component's jars a Spark distribution does not have: all of them minus those spark-sql alone brings. */
export function extraJars(all: readonly string[], provided: readonly string[]): string[] {
  const have = new Set(provided);
  return all.filter((j) => !have.has(path.basename(j))).sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
}

/**
 * Which jars does a Spark distribution already ship? Computed, not listed by hand: a distribution's jars/ is
 * spark-sql's (and spark-core's) runtime closure (plus Hive, MLlib … which the job does not need), so Maven
 * resolves `spark-sql_2.13` ALONE with the same plugin as the component (offline from ~/.m2 once the component is
 * fetched: ~3 s), and the answer is cached beside the component's jars. The component minus this set is what
 * `--jars` must carry: the Kafka source, its token provider, kafka-clients, commons-pool2, HBase's shaded client
 * and its few runtime deps. (jars.lock.json cannot tell: it records whole components, not what each artifact
 * brings.)
 */
export async function providedBySpark(cfg: LabConfig, jars: ComponentJars): Promise<string[]> {
  const cacheFile = path.join(jars.dir, PROVIDED_FILE);
  try {
    return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as string[];
  } catch {
    /* not computed yet */
  }
  const work = path.join(jars.dir, 'spark-sql-only');
  fs.mkdirSync(work, { recursive: true });
  const pom = path.join(work, 'pom.xml');
  const listFile = path.join(work, 'dependencies.txt');
  fs.writeFileSync(pom, componentPom({ name: 'spark', version: cfg.versions.spark, artifacts: [`org.apache.spark:spark-sql_2.13:${cfg.versions.spark}`], mainClass: JOB_MAIN_CLASS }));
  try {
    await run('mvn', ['-B', '-q', '-f', pom, `${DEPENDENCY_PLUGIN}:list`, '-DincludeScope=runtime', '-DoutputAbsoluteArtifactFilename=true', `-DoutputFile=${listFile}`], { maxBuffer: 16 << 20 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new DependencyError('Maven (`mvn`) is not installed; it resolves what a Spark distribution ships');
    throw new FetchError("Maven could not list spark-sql's own dependencies", { cause: err, hint: String((err as { stdout?: string }).stdout ?? '').slice(-2000) });
  }
  const provided = parseDependencyList(fs.readFileSync(listFile, 'utf8'));
  if (!provided.some((j) => j.startsWith('spark-core_'))) throw new LabError(`no spark-core in ${listFile}: cannot tell what Spark ships`);
  fs.writeFileSync(cacheFile, `${JSON.stringify(provided, null, 2)}\n`);
  return provided;
}

/** `jar --create --main-class …`: the JDK's own tool, so the manifest is what `java -jar`/spark-submit expect. */
async function buildJobJar(classes: string, jarFile: string): Promise<void> {
  fs.rmSync(jarFile, { force: true });
  try {
    await run('jar', ['--create', '--file', jarFile, '--main-class', JOB_MAIN_CLASS, '-C', classes, '.']);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DependencyError('`jar` is not installed; it comes with a full JDK 17', { hint: 'Debian/Ubuntu: `sudo apt-get install openjdk-17-jdk-headless`.' });
    }
    throw err;
  }
}

/** Copies (not links): the directory is meant to be shipped to a cluster's gateway machine as it is. */
function copyDeps(deps: readonly string[], dir: string): string[] {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return deps.map((src) => {
    const dst = path.join(dir, path.basename(src));
    fs.copyFileSync(src, dst);
    return dst;
  });
}

export function defaultPackageDir(cfg: LabConfig): string {
  return path.join(labPaths(cfg).home, 'spark-package');
}

/**
 * `lab spark package`: the job compiled (as `lab spark start` does), `clickstream-spark-job.jar`, and in `deps/`
 * the jars a Spark distribution does not ship.
 */
export async function packageSparkJob(cfg: LabConfig, opts: { out?: string; quiet?: boolean } = {}): Promise<SparkPackage> {
  const dir = path.resolve(opts.out ?? defaultPackageDir(cfg));
  const job = await ensureSparkJob(cfg, opts);
  const provided = await providedBySpark(cfg, job.jars);
  fs.mkdirSync(dir, { recursive: true });
  const jobJar = path.join(dir, JOB_JAR);
  await buildJobJar(job.classes, jobJar);
  const deps = copyDeps(extraJars(job.jars.jars, provided), path.join(dir, DEPS_DIR));
  return { dir, jobJar, deps, provided };
}

/** The job's settings for a cluster: the lab's, without `master=` (spark-submit's `--master` decides). */
export function clusterSettings(cfg: LabConfig): string[] {
  return sparkJobSettings(cfg).filter((s) => !s.startsWith('master='));
}

/** `key=value` settings with some replaced (or added) by `changes`: a job of other tables, topic or checkpoint. */
export function withSettings(settings: readonly string[], changes: Record<string, string>): string[] {
  const key = (s: string) => s.slice(0, s.indexOf('='));
  const kept = settings.filter((s) => !(key(s) in changes));
  return [...kept, ...Object.entries(changes).map(([k, v]) => `${k}=${v}`)];
}

/** Single-quotes a word for a POSIX shell when it needs it. */
export function shellWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

export interface SubmitCommandOptions {
  master: string;
  deployMode?: 'client' | 'cluster';
  driverMemory?: string;
  executorMemory?: string;
  totalCores?: number;
  /** `--conf key=value` pairs. */
  conf?: Record<string, string>;
}

/** spark-submit's arguments (after the program name) for a packaged job and its settings. */
export function submitArgs(pkg: Pick<SparkPackage, 'jobJar' | 'deps'>, settings: readonly string[], opts: SubmitCommandOptions): string[] {
  return [
    '--master', opts.master,
    '--deploy-mode', opts.deployMode ?? 'client',
    '--class', JOB_MAIN_CLASS,
    '--driver-memory', opts.driverMemory ?? '512m',
    '--executor-memory', opts.executorMemory ?? '512m',
    ...(opts.totalCores === undefined ? [] : ['--total-executor-cores', String(opts.totalCores)]),
    ...Object.entries(opts.conf ?? {}).flatMap(([k, v]) => ['--conf', `${k}=${v}`]),
    '--jars', pkg.deps.join(','),
    pkg.jobJar,
    ...settings,
  ];
}

/** The command as a learner pastes it: one option per line. */
export function formatSubmitCommand(args: readonly string[]): string {
  const lines: string[] = ['spark-submit'];
  let i = 0;
  while (i < args.length && (args[i] as string).startsWith('--')) {
    lines.push(`  ${args[i]} ${shellWord(args[i + 1] as string)}`);
    i += 2;
  }
  lines.push(`  ${args.slice(i).map(shellWord).join(' ')}`);
  return lines.join(' \\\n');
}
