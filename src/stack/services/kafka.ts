import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ServiceStartError } from '../../errors';
import { ensureTopics, kafkaFor, labTopics, logLevel } from '../../kafka';
import { javaBin } from '../java';
import { labMarker } from '../../process/pid-process';
import { localLocation, renderServiceConfig, templateVars } from '../render';
import { commonJvmArgs, port, type ServiceContext, type JvmServiceDefinition } from './types';

const run = promisify(execFile);

function serverProperties(ctx: ServiceContext): string {
  return path.join(ctx.paths.serviceConf('kafka'), 'server.properties');
}

/**
 * A cluster id is 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints).
 * Like Kafka's own Uuid, never one that starts with '-': the storage tool's argument parser takes it for an option.
 */
export function newClusterId(random: (n: number) => Buffer = crypto.randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** The `java` arguments that format KRaft storage (also rendered into the VM's launch files). */
export function formatStorageArgs(ctx: ServiceContext, clusterId: string): string[] {
  return [
    ...commonJvmArgs(ctx, 'kafka', '256m', labMarker('kafka-format', ctx.cfg.home)),
    '-cp',
    ctx.jars.classpath,
    'kafka.tools.StorageTool',
    'format',
    `--cluster-id=${clusterId}`,
    '--config',
    serverProperties(ctx),
    '--ignore-formatted',
  ];
}

/** KRaft storage must be formatted once with a cluster id before the first start. */
async function formatStorage(ctx: ServiceContext): Promise<void> {
  const dataDir = ctx.paths.serviceData('kafka');
  if (fs.existsSync(path.join(dataDir, 'meta.properties'))) return;
  const args = formatStorageArgs(ctx, newClusterId());
  try {
    await run(javaBin(), args, { maxBuffer: 8 << 20 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    throw new ServiceStartError(
      'Formatting Kafka storage failed',
      {
        service: 'kafka',
        command: `${javaBin()} ... kafka.tools.StorageTool format`,
        logFile: ctx.paths.serviceLog('kafka'),
        logTail: `${e.stdout ?? ''}\n${e.stderr ?? ''}`.split('\n').filter(Boolean).slice(-10),
        exitCode: typeof e.code === 'number' ? e.code : null,
      },
      { hint: `If ${dataDir} holds data from another Kafka, \`lab reset\` wipes the lab's data and starts fresh.` },
    );
  }
}

export const kafkaService: JvmServiceDefinition = {
  runtime: 'java',
  name: 'kafka',
  after: [],
  stopGraceMs: 30_000,
  ports: (cfg) => [port(cfg, 'kafka', 'broker'), port(cfg, 'kafkaController', 'controller')],

  async prepare(ctx) {
    renderServiceConfig(ctx.cfg, 'kafka', templateVars(ctx.cfg, localLocation(ctx.cfg)), ctx.paths.serviceConf('kafka'));
    fs.mkdirSync(ctx.paths.serviceData('kafka'), { recursive: true });
    await formatStorage(ctx);
  },

  async javaArgs(ctx) {
    return [
      ...commonJvmArgs(ctx, 'kafka', ctx.cfg.heap.kafka, labMarker('kafka', ctx.cfg.home)),
      '-cp',
      ctx.jars.classpath,
      'kafka.Kafka',
      serverProperties(ctx),
    ];
  },

  async check(cfg) {
    // Refused connections are the expected answer while Kafka starts: do not log them as errors.
    const admin = kafkaFor(cfg, 'lab-health', { retry: { retries: 0 }, logLevel: logLevel.NOTHING }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0 ? true : 'no broker registered yet';
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  },

  async provision(ctx) {
    const created = await ensureTopics(kafkaFor(ctx.cfg, 'lab-provision'), labTopics(ctx.cfg));
    return created.map((t) => `created topic ${t}`);
  },
};
