/**
 * The one typed description of the lab: where it runs, which ports it uses, which versions it pins.
 * Every client (CLI, streaming job, dashboard, notebooks, tests) reads addresses from here, so pointing
 * the whole lab at another stack (e.g. the Vagrant VM) is a single setting: `stack.host`.
 */
export type StackTarget = 'local' | 'vm';

export interface PortConfig {
  kafka: number;
  kafkaController: number;
  zookeeper: number;
  hbaseMaster: number;
  hbaseRegionServer: number;
  flumeMetrics: number;
  dashboard: number;
  jupyter: number;
  /** The relational store (MariaDB, issue #17). */
  mariadb: number;
}

export interface ComponentVersions {
  kafka: string;
  hbase: string;
  flume: string;
  /** The relational store's release series (a system package, not a jar: stack/mariadb.ts checks it). */
  mariadb: string;
  /** Spark (Scala 2.13 artifacts) for the Spark job of issue #18; not a service of `lab up`. */
  spark: string;
  log4j: string;
  slf4j: string;
}

export interface HeapConfig {
  /** JVM -Xmx per service: together they keep the stack under 1.5 GB RSS. */
  kafka: string;
  hbase: string;
  flume: string;
}

export interface TopicConfig {
  accessLog: string;
  deadLetter: string;
  /** The detector's alerts (issue #19), JSON, written in transactions. */
  alerts: string;
  /** The detector's checkpoints, one record per commit, compacted. */
  detectorState: string;
  partitions: number;
}

export interface TableConfig {
  courseClicks: string;
  searchClicks: string;
  family: string;
  /** The Spark job's own tables (issue #18): the same two totals, and its counters (lines, malformed by reason). */
  sparkCourseClicks: string;
  sparkSearchClicks: string;
  sparkStats: string;
  /** The detector's alerts, newest first (schema/alerts.ts), read by the dashboard. */
  alerts: string;
}

/** The detector's worker (issue #19): its consumer group, which is also its transactional id (one worker per lab). */
export interface DetectConfig {
  groupId: string;
}

export interface StreamConfig {
  /** Kafka consumer group of the streaming job. */
  groupId: string;
  /** Worker processes `lab up` keeps running (they share the partitions). */
  workers: number;
  /** Micro-batch bounds: at most this many lines, and a fetch waits at most this long for data. */
  maxBatchLines: number;
  maxWaitMs: number;
}

/** The relational store (issue #17): the database, the account the lab uses, and the SQL job's consumer group. */
export interface SqlConfig {
  database: string;
  /** Reachable over loopback only; the password is no secret, the server is the lab's own. */
  user: string;
  password: string;
  groupId: string;
  /** Worker processes of the SQL job `lab up` keeps running. */
  workers: number;
}

export interface LabConfig {
  /** All lab state: data, logs, pids, rendered configs, the directory Flume tails. */
  home: string;
  /** Per-user cache of resolved component jars (shared by every checkout). */
  cacheDir: string;
  /** The checkout (package root): templates, data files, Java helpers. */
  projectRoot: string;
  stack: {
    target: StackTarget;
    /** Address every client connects to and services advertise. */
    host: string;
    /** Address services bind to. */
    bindHost: string;
  };
  ports: PortConfig;
  versions: ComponentVersions;
  heap: HeapConfig;
  topics: TopicConfig;
  tables: TableConfig;
  stream: StreamConfig;
  detect: DetectConfig;
  sql: SqlConfig;
  /** Milliseconds a service may take to become healthy before `up` gives up with its log tail. */
  startTimeoutMs: number;
}

/** The services that run on the JVM from jars the lab fetches from Maven Central. */
export type JvmServiceName = 'kafka' | 'hbase' | 'flume';
/** What the lab fetches from Maven Central: each service's jars, and Spark's for the Spark job. */
export type ComponentName = JvmServiceName | 'spark';
export const JVM_SERVICE_NAMES: readonly JvmServiceName[] = ['kafka', 'hbase', 'flume'];
/** Every service `lab up` starts: the JVM ones and the relational store (a native server). */
export type ServiceName = JvmServiceName | 'mariadb';
export const SERVICE_NAMES: readonly ServiceName[] = [...JVM_SERVICE_NAMES, 'mariadb'];
