import * as fs from 'node:fs';
import * as path from 'node:path';
import { zookeeperQuorum, type LabConfig } from '../../config';
import { LabError } from '../../errors';
import { HBaseClient } from '../../hbase';
import { waitFor } from '../../process/health';
import { HBASE_JDK17_FLAGS } from '../java';
import { runLabAdmin } from '../hbase-admin';
import { localLocation, renderServiceConfig, templateVars } from '../render';
import { labMarker } from '../../process/pid-process';
import { commonJvmArgs, port, type ServiceContext, type JvmServiceDefinition } from './types';

/** The tables the pipeline writes (the lab's job's, the Spark job's of issue #18, the detector's alerts of #19), all with the one column family `info`. */
export function labTables(cfg: LabConfig): string[] {
  return [cfg.tables.courseClicks, cfg.tables.searchClicks, cfg.tables.sparkCourseClicks, cfg.tables.sparkSearchClicks, cfg.tables.sparkStats, cfg.tables.alerts];
}

/**
 * Creates tables through HBase's Admin API (src/stack/java/LabAdmin.java) — the HBase shell is not
 * published for 2.6. Existing tables are left alone. Returns LabAdmin's lines ("created x" / "exists x").
 */
export async function createTables(ctx: ServiceContext, tables: string[], family: string): Promise<string[]> {
  const lines = await runLabAdmin(ctx.cfg, ['create-tables', family, ...tables], ctx.jars);
  return lines.filter((l) => /^(created|exists) /.test(l));
}

async function withClient<T>(cfg: LabConfig, fn: (c: HBaseClient) => Promise<T>): Promise<T> {
  const client = await HBaseClient.connect({ zookeeper: zookeeperQuorum(cfg), connectTimeoutMs: 3000, callTimeoutMs: 3000 });
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/**
 * HBase 2.6's standalone mode binds its ZooKeeper to hbase.zookeeper.property.clientPortAddress but then checks
 * it with a "stat" sent to "localhost" (MiniZooKeeperCluster.waitForServerUp) and gives up after 30 s ("Waiting
 * for startup of standalone server") when the lab's address is anything else — the VM's 192.168.56.10, or a
 * second lab on 127.0.0.2. Resolving names from the rendered `hosts` file (localhost = the lab's address) makes
 * the check reach it, without listening on any other address.
 */
function hostsFileArgs(ctx: ServiceContext): string[] {
  if (ctx.cfg.stack.bindHost === '127.0.0.1') return [];
  return [`-Djdk.net.hosts.file=${path.join(ctx.paths.serviceConf('hbase'), 'hosts')}`];
}

export const hbaseService: JvmServiceDefinition = {
  runtime: 'java',
  name: 'hbase',
  after: [],
  stopGraceMs: 45_000,
  ports: (cfg) => [
    port(cfg, 'zookeeper', 'zookeeper'),
    port(cfg, 'hbaseMaster', 'master'),
    port(cfg, 'hbaseRegionServer', 'regionserver'),
  ],

  async prepare(ctx) {
    renderServiceConfig(ctx.cfg, 'hbase', templateVars(ctx.cfg, localLocation(ctx.cfg)), ctx.paths.serviceConf('hbase'));
    fs.mkdirSync(ctx.paths.serviceData('hbase'), { recursive: true });
  },

  async javaArgs(ctx) {
    return [
      ...HBASE_JDK17_FLAGS,
      ...commonJvmArgs(ctx, 'hbase', ctx.cfg.heap.hbase, labMarker('hbase', ctx.cfg.home)),
      ...hostsFileArgs(ctx),
      `-Dhbase.log.dir=${ctx.paths.logs}`,
      // hbase-site.xml is read from the classpath: our rendered config comes first.
      '-cp',
      [ctx.paths.serviceConf('hbase'), ctx.jars.classpath].join(path.delimiter),
      'org.apache.hadoop.hbase.master.HMaster',
      'start',
    ];
  },

  /** Healthy = through ZooKeeper to the regionserver that serves hbase:meta, and a read from it. */
  async check(cfg) {
    return withClient(cfg, async (c) => {
      await c.get('hbase:meta', 'clickstream-lab-health-probe');
      return true as const;
    });
  },

  async provision(ctx) {
    // Reading each table through the pipeline's own client proves it serves; only missing tables cost a JVM.
    const readable = (t: string) =>
      withClient(ctx.cfg, (c) => c.get(t, 'clickstream-lab-health-probe')).then(
        () => true,
        () => false,
      );
    const missing: string[] = [];
    for (const t of labTables(ctx.cfg)) if (!(await readable(t))) missing.push(t);
    if (missing.length === 0) return [];
    const lines = await createTables(ctx, missing, ctx.cfg.tables.family);
    for (const t of missing) {
      // After a crash HBase first recovers the dead regionserver's write-ahead log, then assigns its regions
      // again: an existing table answers only then (seconds to tens of seconds).
      await waitFor(async () => ((await readable(t)) ? true : `table ${t} does not answer reads yet`), { timeoutMs: ctx.cfg.startTimeoutMs, intervalMs: 500 }).catch(() => {
        throw new LabError(`HBase table ${t} exists but does not answer reads after ${ctx.cfg.startTimeoutMs / 1000} s`, { hint: 'See `lab logs hbase`; raise LAB_START_TIMEOUT_MS on a slow machine.' });
      });
    }
    return lines.filter((l) => l.startsWith('created')).map((l) => l.replace('created', 'created table'));
  },
};
