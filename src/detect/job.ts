import type { Admin, Consumer, EachBatchPayload, Kafka, PartitionOffset, Producer } from 'kafkajs';
import { onCrashForGood, readRecordAt } from '../kafka';
import { eventTimeMs, formatLocalTime, parseLine } from '../logformat';
import type { Alert, EngineSet } from '../schema';
import { sleep } from '../util/wait';
import type { BotModel } from './bot-model';
import { decodeCheckpoint, decodePointer, encodeCheckpoint, encodePointer, type WorkerCheckpoint } from './checkpoint';
import { Detector, type DetectorOptions } from './detector';
import { DetectorMetrics } from './metrics';
import { NeededOffsets } from './needed-offsets';
import { seenLine } from './seen-line';

/**
 * Lines stamped further ahead of the wall clock than this are left out. Live lines are stamped when written, so
 * they never are; bulk lines of a whole day (`lab generate` writes today's 24 hours by default, the tests write
 * days to come) would drag the watermark ahead, and every live line after them would be late. A line left out is
 * judged by the clock when it is read: read again after a crash, a line once ahead may be taken in, so only
 * future-stamped (never live) lines can be decided differently after a crash.
 */
export const FUTURE_MS = 5_000;

/** Where alerts go besides the `alerts` topic: a store the dashboard reads (HBase), written idempotently by id. */
export interface AlertSink {
  write(alerts: readonly Alert[]): Promise<void>;
}

/** The bot model the detector judges with: checked at every commit, so a model saved by `lab train` is picked up. */
export interface ModelSource {
  current(): { model: BotModel | null; savedAt: string | null };
}

export interface DetectorJobOptions {
  kafka: Kafka;
  /** access-log */
  topic: string;
  alertsTopic: string;
  /** The compacted topic of checkpoints. */
  stateTopic: string;
  groupId: string;
  /** One per lab: a restarted worker fences its predecessor's open transaction. */
  transactionalId: string;
  sink: AlertSink;
  models: ModelSource;
  engines: EngineSet;
  detector?: Omit<DetectorOptions, 'partitions' | 'model'>;
  /** How often the checkpoint is committed when no alert makes it sooner. */
  commitEveryMs?: number;
  maxWaitMs?: number;
}

/** This worker's view of the partitions between two (re)joins of the group. */
interface Run {
  partitions: number[];
  detector: Detector;
  needed: NeededOffsets;
  /** partition → the next offset to take (seeked to, then past each batch). */
  position: Map<number, number>;
  /** partition → the group's committed offset at the restore: lines before it are read again, not new. */
  replayUntil: Map<number, number>;
  modelSavedAt: string | null;
  /** Lines taken in since the last commit. */
  dirty: boolean;
  ready: Promise<void>;
}

/**
 * The detector's worker (issue #19): one consumer group of its own on access-log, holding every partition (the
 * watermark is taken across them). Lines go into the detector; the alerts of the windows the watermark closes go
 * first to the alert sink (an upsert by id), then — with the checkpoint as the offsets' metadata — into one Kafka
 * transaction: alerts on `alerts`, offsets and checkpoint to the group. After a crash, or any rejoin, the worker
 * restores the last checkpoint and reads each partition again from the oldest line of a window still open; the
 * windows are rebuilt as they were, and their verdicts are the ones the lost run would have made. So an alert is
 * committed once: decided again after a crash, it has the same id (the sink's row is the same row).
 */
export class DetectorJob {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private admin: Admin | undefined;
  private run: Run | undefined;
  private lastCommit = 0;
  private stopping = false;
  private tick: NodeJS.Timeout | undefined;
  /** Batches and timer commits run one at a time: they share the detector and the producer's transaction. */
  private lock: Promise<void> = Promise.resolve();
  readonly metrics = new DetectorMetrics();

  constructor(private readonly opts: DetectorJobOptions) {}

  async start(): Promise<void> {
    const { kafka, topic } = this.opts;
    this.admin = kafka.admin();
    await this.admin.connect();
    this.producer = kafka.producer({ transactionalId: this.opts.transactionalId, idempotent: true, maxInFlightRequests: 1, retry: { initialRetryTime: 10, maxRetryTime: 500, retries: 30 } });
    await this.producer.connect();
    // Registering the transactional id fences an earlier worker (killed, or frozen) and ends its open transaction,
    // so the checkpoint read next is the last one committed.
    await (await this.producer.transaction()).abort();
    const consumer = kafka.consumer({ groupId: this.opts.groupId, maxWaitTimeInMs: this.opts.maxWaitMs ?? 500, sessionTimeout: 10_000, heartbeatInterval: 1000, maxBytes: 8 * 1024 * 1024 });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      const assigned = [...(e.payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
      this.restore(assigned);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 1, eachBatch: (p) => this.onBatch(p) });
    // Every second, also while no line comes: the last batches of a burst, taken in less than a second after a
    // commit, are committed (else their progress would wait for the next line), and a new model is looked for (a
    // lesson deploys one, then sends lines).
    this.tick = setInterval(() => {
      void this.exclusive(async () => {
        const run = this.run;
        if (!run?.detector || this.run !== run) return;
        if (run.dirty && !this.replaying(run) && this.commitDue()) await this.commit(run, []);
        if (this.run === run) this.pickUpModel(run);
      });
    }, 1000);
  }

  onCrash(cb: (err: unknown) => void): void {
    onCrashForGood(this.consumer, cb);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.tick);
    await this.consumer?.stop();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    await this.admin?.disconnect();
  }

  /** Starts over from the last committed checkpoint: on every join of the group, and after a failed commit. */
  private restore(partitions: number[]): void {
    const run: Run = { partitions, detector: undefined as unknown as Detector, needed: new NeededOffsets(), position: new Map(), replayUntil: new Map(), modelSavedAt: null, dirty: false, ready: Promise.resolve() };
    this.run = run;
    run.ready = (async () => {
      for (;;) {
        if (this.stopping || this.run !== run) return;
        try {
          await this.restoreInto(run);
          return;
        } catch (err) {
          console.error(`detector: restoring the checkpoint failed, trying again in 1 s: ${String(err)}`);
          await sleep(1000);
        }
      }
    })();
  }

  private async restoreInto(run: Run): Promise<void> {
    const [committed] = await (this.admin as Admin).fetchOffsets({ groupId: this.opts.groupId, topics: [this.opts.topic] });
    const offsets = new Map((committed?.partitions ?? []).map((p) => [p.partition, { next: Number(p.offset), metadata: p.metadata }]));
    const pointer = decodePointer([...offsets.values()].find((o) => o.metadata)?.metadata);
    const cp = pointer ? decodeCheckpoint((await readRecordAt(this.opts.kafka, this.opts.stateTopic, pointer.partition, pointer.offset)).value?.toString('utf8') ?? '') : null;
    const { model, savedAt } = this.opts.models.current();
    if (cp && cp.modelSavedAt !== savedAt) console.log(`detector: the bot model changed since the checkpoint (saved ${cp.modelSavedAt ?? 'never'} → ${savedAt ?? 'none'}): windows still open are judged by the new one`);
    const detectorOpts: DetectorOptions = { ...this.opts.detector, partitions: run.partitions, model };
    run.detector = cp ? Detector.resume(detectorOpts, cp.detector) : new Detector(detectorOpts);
    run.modelSavedAt = savedAt;
    const readFrom = new Map(cp?.readFrom ?? []);
    for (const p of run.partitions) {
      const next = offsets.get(p)?.next ?? -1;
      const from = readFrom.get(p) ?? Math.max(next, 0);
      if (next >= 0) run.replayUntil.set(p, next);
      run.position.set(p, from);
      this.consumer?.seek({ topic: this.opts.topic, partition: p, offset: String(from) });
    }
    this.metrics.restored(run.partitions, cp !== null, [...run.replayUntil].reduce((n, [p, next]) => n + next - (run.position.get(p) ?? next), 0), savedAt);
    console.log(`detector: ${cp ? 'restored the checkpoint' : 'no checkpoint: starting from the beginning'}; reading ${run.partitions.map((p) => `${p}@${run.position.get(p)}`).join(', ')}`);
  }

  /** Still reading lines the last checkpoint had already taken in (their windows are being rebuilt). */
  private replaying(run: Run): boolean {
    return run.partitions.some((p) => (run.position.get(p) ?? 0) < (run.replayUntil.get(p) ?? 0));
  }

  /** A commit without alerts waits `commitEveryMs` after the last, so that a stream of small batches is not a transaction each. */
  private commitDue(): boolean {
    return Date.now() - this.lastCommit >= (this.opts.commitEveryMs ?? 1000);
  }

  private exclusive(fn: () => Promise<void>): Promise<void> {
    const next = this.lock.then(fn);
    this.lock = next.catch(() => undefined);
    return next;
  }

  private onBatch(payload: EachBatchPayload): Promise<void> {
    return this.exclusive(() => this.takeBatch(payload));
  }

  private async takeBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const run = this.run;
    if (!run) return;
    await run.ready;
    if (this.run !== run || !isRunning() || isStale()) return;
    const p = batch.partition;
    const position = run.position.get(p);
    if (position === undefined) return;
    const began = process.hrtime.bigint();
    const until = run.replayUntil.get(p) ?? 0;
    let lines = 0;
    let again = 0;
    let malformed = 0;
    let future = 0;
    // The log's clock, as event times are read (local wall time taken as UTC: logformat/time.ts).
    const now = eventTimeMs(formatLocalTime(new Date()));
    const replaying = this.replaying(run);
    const alerts: Alert[] = [];
    for (const m of batch.messages) {
      const offset = Number(m.offset);
      if (offset < position) continue; // fetched before the seek
      lines++;
      const r = parseLine(m.value?.toString('utf8') ?? '');
      if (!r.ok) {
        malformed++;
        continue;
      }
      const line = seenLine(r.record, this.opts.engines);
      if (line.t > now + FUTURE_MS) {
        future++;
        continue;
      }
      if (offset < until) {
        again++;
        run.detector.addAgain(p, line);
      } else run.detector.add(p, line);
      run.needed.record(p, run.detector.lastWindowStart(line.t), offset);
      // No verdict while windows are being rebuilt: they are whole only once every partition is past its checkpoint.
      if (!replaying) alerts.push(...run.detector.drainDue());
    }
    const last = Number(batch.lastOffset());
    run.position.set(p, Math.max(position, last + 1));
    run.dirty = true;
    resolveOffset(batch.lastOffset());
    this.metrics.batch(lines, again, malformed, future, run.detector.late, Number(batch.highWatermark) - (last + 1), p);
    if (!this.replaying(run)) {
      alerts.push(...run.detector.drainDue());
      if (alerts.length > 0 || this.commitDue()) await this.commit(run, alerts);
    }
    this.metrics.busy(Number(process.hrtime.bigint() - began) / 1e6);
    await heartbeat();
  }

  /** The alerts to the sink, then alerts + offsets + checkpoint in one transaction; on failure, back to the checkpoint. */
  private async commit(run: Run, alerts: Alert[]): Promise<void> {
    const checkpoint: WorkerCheckpoint = {
      v: 1,
      detector: run.detector.checkpoint(),
      readFrom: run.partitions.map((p) => [p, run.needed.readFrom(p, run.detector.oldestOpen, run.position.get(p) as number)]),
      modelSavedAt: run.modelSavedAt,
    };
    try {
      if (alerts.length > 0) await this.opts.sink.write(alerts);
      const txn = await (this.producer as Producer).transaction();
      try {
        if (alerts.length > 0) await txn.send({ topic: this.opts.alertsTopic, messages: alerts.map((a) => ({ key: a.id, value: JSON.stringify(a) })) });
        const [written] = await txn.send({ topic: this.opts.stateTopic, messages: [{ key: 'checkpoint', value: encodeCheckpoint(checkpoint) }] });
        const at = Number(written?.baseOffset ?? written?.offset ?? NaN);
        if (!Number.isInteger(at) || !written) throw new Error(`the broker gave no offset for the checkpoint: ${JSON.stringify(written)}`);
        const pointer = encodePointer({ v: 1, partition: written.partition, offset: at });
        await txn.sendOffsets({
          consumerGroupId: this.opts.groupId,
          // kafkajs sends a partition's `metadata` with TxnOffsetCommit; its typings only leave it out.
          topics: [{ topic: this.opts.topic, partitions: run.partitions.map((p, i) => ({ partition: p, offset: String(run.position.get(p)), metadata: i === 0 ? pointer : null }) as PartitionOffset) }],
        });
        await txn.commit();
      } catch (err) {
        await txn.abort().catch(() => undefined);
        throw err;
      }
    } catch (err) {
      console.error(`detector: committing ${alerts.length} alert(s) failed, going back to the last checkpoint: ${String(err)}`);
      this.restore(run.partitions);
      return;
    }
    this.lastCommit = Date.now();
    run.dirty = false;
    this.metrics.committed(alerts, run.detector.closingAt);
    this.pickUpModel(run);
  }

  /** A model saved since the last look judges the windows closed from now on (the checkpoint records which). */
  private pickUpModel(run: Run): void {
    const { model, savedAt } = this.opts.models.current();
    if (savedAt === run.modelSavedAt) return;
    run.detector.setModel(model);
    run.modelSavedAt = savedAt;
    this.metrics.modelChanged(savedAt);
    console.log(`detector: judging with the bot model saved ${savedAt ?? '(none)'}`);
  }
}
