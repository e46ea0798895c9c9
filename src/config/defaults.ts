import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LabConfig } from './types';

/** The checkout this code runs from: the nearest folder above with clickstream-lab's package.json. */
export function findProjectRoot(from = __dirname): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'clickstream-lab') return dir;
    } catch {
      /* no package.json here: keep climbing */
    }
  }
  throw new Error(`cannot locate the clickstream-lab checkout above ${from}`);
}

function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg && xdg.length > 0 ? xdg : path.join(os.homedir(), '.cache'), 'clickstream-lab');
}

/**
 * Defaults, declared once. Ports are the components' usual ones so that tutorials and error messages
 * found on the web apply unchanged. Heaps were sized by measurement (docs/benchmarks.md, "Resources and measured numbers").
 */
export function defaultConfig(): LabConfig {
  const projectRoot = findProjectRoot();
  return {
    home: path.join(projectRoot, '.lab'),
    cacheDir: defaultCacheDir(),
    projectRoot,
    stack: { target: 'local', host: '127.0.0.1', bindHost: '127.0.0.1' },
    ports: {
      kafka: 9092,
      kafkaController: 9093,
      zookeeper: 2181,
      hbaseMaster: 16000,
      hbaseRegionServer: 16020,
      flumeMetrics: 41414,
      dashboard: 3000,
      jupyter: 8888,
      mariadb: 13306,
    },
    versions: {
      kafka: '4.4.0',
      hbase: '2.6.4-hadoop3',
      flume: '1.11.0',
      mariadb: '10.11',
      spark: '4.2.0',
      log4j: '2.24.3',
      slf4j: '1.7.36',
    },
    heap: { kafka: '512m', hbase: '640m', flume: '256m' },
    topics: { accessLog: 'access-log', deadLetter: 'access-log-dlq', alerts: 'alerts', detectorState: 'detector-state', partitions: 3 },
    tables: {
      courseClicks: 'course_clickcount',
      searchClicks: 'course_search_clickcount',
      family: 'info',
      sparkCourseClicks: 'course_clickcount_spark',
      sparkSearchClicks: 'course_search_clickcount_spark',
      sparkStats: 'spark_job_stats',
      alerts: 'alerts',
    },
    stream: { groupId: 'clickstream-stream', workers: 1, maxBatchLines: 500_000, maxWaitMs: 1000 },
    detect: { groupId: 'clickstream-detect' },
    sql: { database: 'clickstream', user: 'lab', password: 'lab', groupId: 'clickstream-sql', workers: 1 },
    startTimeoutMs: 90_000,
  };
}
