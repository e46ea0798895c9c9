import { splitLineKey } from './line-identity';

/**
 * Which shipped lines a partition has already seen, as one number per file: the byte offset just past the
 * furthest line seen. It is enough because of how lines travel:
 *   - TAILDIR reads a file in order; the key `<file>@<offset>` sends a line and all its re-sends to one partition;
 *   - Flume's producer is idempotent, so a partition receives each file's lines in the order they were sent;
 *   - after a crash TAILDIR re-reads from its last saved position, which is never past a line it delivered.
 * So within a partition, a file's lines arrive with rising offsets, except re-sends, which repeat lines at or
 * below the furthest one seen: a line whose offset is below its file's mark is a re-send.
 *
 * The decision depends only on the partition's records in offset order, so a job that restarts from a committed
 * offset with the marks committed alongside (the consumer offset's metadata, in the same transaction) decides
 * every record exactly as before: a re-send is skipped once and for all, whoever reads it.
 */
export class FilePositions {
  private constructor(private readonly marks: Map<string, number>) {}

  static empty(): FilePositions {
    return new FilePositions(new Map());
  }

  /** A copy to go on from: the marks a batch starts with stay as they were (a rewind needs them). */
  copy(): FilePositions {
    return new FilePositions(new Map(this.marks));
  }

  get files(): number {
    return this.marks.size;
  }

  /** The offset just past the furthest line of `file` seen (0: none). */
  mark(file: string): number {
    return this.marks.get(file) ?? 0;
  }

  /** True when the line at `byteOffset` of `file` is new (and marks it seen); false for a re-send. */
  admit(file: string, byteOffset: number): boolean {
    if (byteOffset < (this.marks.get(file) ?? 0)) return false;
    this.marks.set(file, byteOffset + 1);
    return true;
  }

  /** Stored as the committed offset's metadata: `{"files":{"<file>":<mark>,...}}`. */
  serialize(): string {
    return JSON.stringify({ files: Object.fromEntries(this.marks) });
  }

  /** The marks stored with a committed offset; none (a new group, or an offset committed without) = empty. */
  static parse(metadata: string | null | undefined): FilePositions {
    if (!metadata) return FilePositions.empty();
    let parsed: unknown;
    try {
      parsed = JSON.parse(metadata);
    } catch {
      throw new Error(`the committed offset's metadata is not the job's file positions: ${metadata.slice(0, 80)}`);
    }
    const files = (parsed as { files?: unknown } | null)?.files;
    if (typeof files !== 'object' || files === null) throw new Error(`the committed offset's metadata has no file positions: ${metadata.slice(0, 80)}`);
    const marks = new Map<string, number>();
    for (const [file, mark] of Object.entries(files)) {
      if (!Number.isSafeInteger(mark) || (mark as number) < 0) throw new Error(`bad file position for ${file}: ${String(mark)}`);
      marks.set(file, mark as number);
    }
    return new FilePositions(marks);
  }
}

/**
 * Decides records one after another for one partition, reusing the file name of the record before when the key
 * names the same file (lines of one file come in runs): no string is made per record.
 */
export class ResendFilter {
  private lastKey: Uint8Array | undefined;
  private lastFileEnd = -1;
  private lastFile = '';

  constructor(readonly positions: FilePositions) {}

  /** True when the record is new or has no line identity; false when it is a re-send. */
  admit(key: Uint8Array | null | undefined): boolean {
    if (!key) return true;
    const split = splitLineKey(key);
    if (!split) return true;
    const { fileEnd } = split;
    const last = this.lastKey;
    if (!(last && fileEnd === this.lastFileEnd && Buffer.compare(key.subarray(0, fileEnd), last.subarray(0, fileEnd)) === 0)) {
      this.lastFile = Buffer.from(key.buffer, key.byteOffset, fileEnd).toString('utf8');
      this.lastFileEnd = fileEnd;
    }
    this.lastKey = key;
    return this.positions.admit(this.lastFile, split.byteOffset);
  }
}
