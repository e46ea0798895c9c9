import type { DetectorCheckpoint } from './detector';

/**
 * What the detector's worker commits with its offsets, in the same Kafka transaction as its alerts (issue #19):
 * the detector's state without its open windows, and per partition where to read again to rebuild them. It is a
 * record of the compacted checkpoint topic; the offsets' metadata points at it (`CheckpointPointer`). The
 * metadata cannot hold it: the protocol's string has a 16-bit length, and a checkpoint with a baseline per course
 * and a latch per open incident passes 32 KiB.
 */
export interface WorkerCheckpoint {
  v: 1;
  detector: DetectorCheckpoint;
  /** partition → the first offset to read again; the group's committed offset is where new lines start. */
  readFrom: [number, number][];
  /** The bot model the verdicts were made with (its file's save time), so a changed model shows in the log. */
  modelSavedAt: string | null;
}

/** The offsets' metadata: where the checkpoint committed with them is. */
export interface CheckpointPointer {
  v: 1;
  partition: number;
  offset: number;
}

export const encodePointer = (p: CheckpointPointer): string => JSON.stringify(p);

/** Null for no metadata (a group that never committed); an error for metadata this worker did not write. */
export function decodePointer(metadata: string | null | undefined): CheckpointPointer | null {
  if (!metadata) return null;
  const p = JSON.parse(metadata) as Partial<CheckpointPointer>;
  if (p.v !== 1 || typeof p.offset !== 'number' || typeof p.partition !== 'number') throw new Error(`the detector group's offset metadata is not a checkpoint pointer (v1): ${metadata.slice(0, 80)}`);
  return p as CheckpointPointer;
}

export function encodeCheckpoint(cp: WorkerCheckpoint): string {
  return JSON.stringify(cp);
}

export function decodeCheckpoint(json: string): WorkerCheckpoint {
  const cp = JSON.parse(json) as Partial<WorkerCheckpoint>;
  if (cp.v !== 1 || !cp.detector || !Array.isArray(cp.readFrom)) throw new Error(`not a detector checkpoint (v1): ${json.slice(0, 80)}`);
  return cp as WorkerCheckpoint;
}
