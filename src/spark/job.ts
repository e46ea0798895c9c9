import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import { kafkaBrokers, labPaths, zookeeperQuorum, type LabConfig } from '../config';
import { logTail, sinceLastStart } from '../process/pid-process';
import { runningManaged, startManaged, stopManaged } from '../process/managed-process';
import { endOffsets } from '../kafka';
import { loadSearchEngines } from '../schema';
import { ensureComponent, type ComponentJars } from '../stack/fetch';
import { javaBin } from '../stack/java';
import { compileJava } from '../stack/java-tools';
import { readCheckpoint, recentBatches, type SparkBatch } from './progress';

/** The managed process's name: pid file run/spark.pid, log logs/spark.log. */
export const SPARK_PROCESS = 'spark';

/**
 * The JDK 17 module openings Spark 4 needs (what Spark's own launcher adds, JavaModuleOptions): without them its
 * serializers and Netty fail with InaccessibleObjectException.
 */
export const SPARK_JDK17_FLAGS = [
  '-XX:+IgnoreUnrecognizedVMOptions',
  ...['java.lang', 'java.lang.invoke', 'java.lang.reflect', 'java.io', 'java.net', 'java.nio', 'java.util', 'java.util.concurrent', 'java.util.concurrent.atomic', 'jdk.internal.ref', 'sun.nio.ch', 'sun.nio.cs', 'sun.security.action', 'sun.util.calendar'].map(
    (p) => `--add-opens=java.base/${p}=ALL-UNNAMED`,
  ),
  '-Djdk.reflect.useDirectMethodHandle=false',
  '-Dio.netty.tryReflectionSetAccessible=true',
];

function sourceDir(cfg: LabConfig): string {
  return path.join(cfg.projectRoot, 'src', 'spark', 'java', 'clickstream');
}

/**
 * Spark's jars (fetched and cached like the stack's) and the job's classes, compiled once per source version into
 * the cache. Returns the classpath that runs the job.
 */
export async function ensureSparkJob(cfg: LabConfig, opts: { quiet?: boolean } = {}): Promise<{ jars: ComponentJars; classes: string; classpath: string }> {
  const jars = await ensureComponent(cfg, 'spark', opts);
  const sources = fs.readdirSync(sourceDir(cfg)).filter((f) => f.endsWith('.java')).sort().map((f) => path.join(sourceDir(cfg), f));
  const classes = await compileJava(cfg, 'spark-job', sources, jars);
  return { jars, classes, classpath: [classes, jars.classpath].join(path.delimiter) };
}

export interface SparkJobOptions {
  /** `local[2]` by default: two task slots, as many as this machine has cores. */
  master?: string;
  triggerMs?: number;
  /** Java heap of the driver (local mode: driver and executor in one JVM). */
  heap?: string;
  /** Read every topic matching this regular expression instead of access-log (the bench's rounds). */
  topicPattern?: string;
  /** Another checkpoint than the lab's (a query of other topics needs one of its own). */
  checkpoint?: string;
}

/** The job's settings as `key=value` arguments: the same ones `spark-submit` passes on a cluster. */
export function sparkJobSettings(cfg: LabConfig, opts: SparkJobOptions = {}): string[] {
  return [
    `master=${opts.master ?? 'local[2]'}`,
    `kafka=${kafkaBrokers(cfg).join(',')}`,
    opts.topicPattern ? `topicPattern=${opts.topicPattern}` : `topic=${cfg.topics.accessLog}`,
    `zookeeper=${zookeeperQuorum(cfg)}`,
    `courseTable=${cfg.tables.sparkCourseClicks}`,
    `searchTable=${cfg.tables.sparkSearchClicks}`,
    `statsTable=${cfg.tables.sparkStats}`,
    `checkpoint=${opts.checkpoint ?? sparkCheckpoint(cfg)}`,
    `triggerMs=${opts.triggerMs ?? 1000}`,
    `engines=${loadSearchEngines(cfg.projectRoot).hosts.join(',')}`,
  ];
}

/** Spark's checkpoint (offsets and commits of every micro-batch): under LAB_HOME, kept across restarts. */
export function sparkCheckpoint(cfg: LabConfig): string {
  return path.join(labPaths(cfg).data, 'spark', 'checkpoint');
}

const STARTED_LINE = 'clickstream-spark: reading';

/** `lab spark start`: fetches and compiles once, then runs the job in local mode in the background until `lab spark stop`. */
export async function startSparkJob(cfg: LabConfig, opts: SparkJobOptions & { quiet?: boolean } = {}): Promise<{ pid: number; outcome: 'started' | 'running' }> {
  const job = await ensureSparkJob(cfg, opts);
  const logFile = labPaths(cfg).serviceLog(SPARK_PROCESS);
  return startManaged(cfg, {
    name: SPARK_PROCESS,
    command: javaBin(),
    args: [
      ...SPARK_JDK17_FLAGS,
      '-Xms256m',
      `-Xmx${opts.heap ?? '768m'}`,
      `-Dspark.local.dir=${path.join(labPaths(cfg).data, 'spark', 'tmp')}`,
      '-cp',
      job.classpath,
      'clickstream.SparkClickJob',
      ...sparkJobSettings(cfg, opts),
    ],
    // The marker is an argument the job accepts and ignores (`lab-marker=…`), so the process is known as ours.
    markerArg: (marker) => `lab-marker=${marker}`,
    ready: async () => (sinceLastStart(logTail(logFile, 400), SPARK_PROCESS).some((l) => l.includes(STARTED_LINE)) ? true : 'the streaming query has not started yet'),
  });
}

export function stopSparkJob(cfg: LabConfig) {
  return stopManaged(cfg, SPARK_PROCESS, 30_000);
}

export interface SparkJobStatus {
  state: 'running' | 'stopped';
  pid: number | null;
  logFile: string;
  checkpoint: string;
  /** The last committed batch and the access-log offsets it read up to (null before the first). */
  committedBatch: number | null;
  committedOffsets: Record<number, number>;
  /** The latest batches that read lines, as the job logged them (up to 5, newest last). */
  recentBatches: SparkBatch[];
  /** Lines of access-log written but not yet in a committed batch (null: not known, e.g. Kafka is down). */
  lag: number | null;
  /** The trigger interval the running job was started with (null when it is not running). */
  triggerMs: number | null;
}

/** The job's state, its checkpoint and log; with `kafka`, also how far behind access-log it is. */
export async function sparkJobStatus(cfg: LabConfig, kafka?: Kafka): Promise<SparkJobStatus> {
  const rec = runningManaged(cfg, SPARK_PROCESS);
  const logFile = labPaths(cfg).serviceLog(SPARK_PROCESS);
  const progress = readCheckpoint(sparkCheckpoint(cfg));
  return {
    state: rec ? 'running' : 'stopped',
    pid: rec?.pid ?? null,
    logFile,
    checkpoint: sparkCheckpoint(cfg),
    committedBatch: progress?.batchId ?? null,
    committedOffsets: Object.fromEntries(progress?.offsets.get(cfg.topics.accessLog) ?? []),
    recentBatches: recentBatches(logFile).slice(-5),
    triggerMs: rec ? triggerOf(rec.command) : null,
    // No batch committed yet (never started here): no lag to tell, and no need to ask Kafka.
    lag: kafka && progress ? await lagOf(kafka, cfg.topics.accessLog, progress.offsets.get(cfg.topics.accessLog)).catch(() => null) : null,
  };
}

/** The `triggerMs=` setting on a job's command line. */
export function triggerOf(command: string): number | null {
  const m = / triggerMs=(\d+)(?: |$)/.exec(command);
  return m ? Number(m[1]) : null;
}

async function lagOf(kafka: Kafka, topic: string, read: Map<number, number> | undefined): Promise<number> {
  let lag = 0;
  for (const [p, end] of await endOffsets(kafka, topic)) lag += Math.max(0, end - (read?.get(p) ?? 0));
  return lag;
}
