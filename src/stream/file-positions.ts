import { keyByteOffset, keyFileEnd } from './line-identity';

/** One file's mark: the byte offset just past the furthest line seen. */
export interface FileMark {
  next: number;
}

function admitLine(mark: FileMark, byteOffset: number): boolean {
  if (byteOffset < mark.next) return false;
  mark.next = byteOffset + 1;
  return true;
}

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
  /** Per file, its mark in a cell of its own, which a ResendFilter keeps at hand while it decides a batch. */
  private constructor(private readonly marks: Map<string, FileMark>) {}

  static empty(): FilePositions {
    return new FilePositions(new Map());
  }

  /** A copy to go on from: the marks a batch starts with stay as they were (a rewind needs them). */
  copy(): FilePositions {
    return new FilePositions(new Map([...this.marks].map(([file, m]) => [file, { next: m.next }])));
  }

  get files(): number {
    return this.marks.size;
  }

  /** The offset just past the furthest line of `file` seen (0: none). */
  mark(file: string): number {
    return this.marks.get(file)?.next ?? 0;
  }

  /** True when the line at `byteOffset` of `file` is new (and marks it seen); false for a re-send. */
  admit(file: string, byteOffset: number): boolean {
    return admitLine(this.cell(file), byteOffset);
  }

  /** The file's mark, as a cell that later admits through it change. */
  cell(file: string): FileMark {
    let m = this.marks.get(file);
    if (!m) {
      m = { next: 0 };
      this.marks.set(file, m);
    }
    return m;
  }

  /** Stored as the committed offset's metadata: `{"files":{"<file>":<mark>,...}}`. */
  serialize(): string {
    const files = [...this.marks].filter(([, m]) => m.next > 0).map(([file, m]) => [file, m.next]);
    return JSON.stringify({ files: Object.fromEntries(files) });
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
    if (typeof files !== 'object' || files === null || Array.isArray(files)) throw new Error(`the committed offset's metadata has no file positions: ${metadata.slice(0, 80)}`);
    const marks = new Map<string, FileMark>();
    for (const [file, mark] of Object.entries(files)) {
      if (!Number.isSafeInteger(mark) || (mark as number) < 0) throw new Error(`bad file position for ${file}: ${String(mark)}`);
      marks.set(file, { next: mark as number });
    }
    return new FilePositions(marks);
  }
}

/** Files whose names a ResendFilter keeps at hand: a partition's records interleave a few files at a time. */
const RECENT_FILES = 16;

/** Whether `a` equals `b`'s first `length` bytes, compared from the end (file names differ near their end). */
function sameStart(a: Uint8Array, b: Uint8Array, length: number): boolean {
  if (a.length !== length) return false;
  for (let i = length - 1; i >= 0; i--) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Decides records one after another for one partition. A record's file is found among the files seen last by
 * comparing bytes, starting with the one that matched last, so nothing is made per record, only per new file.
 */
export class ResendFilter {
  private readonly recent: { bytes: Uint8Array; mark: FileMark }[] = [];
  private last = 0;

  constructor(readonly positions: FilePositions) {}

  /** True when the record is new or has no line identity; false when it is a re-send. */
  admit(key: Uint8Array | null | undefined): boolean {
    if (!key) return true;
    const fileEnd = keyFileEnd(key);
    if (fileEnd < 0) return true;
    return admitLine(this.markOf(key, fileEnd), keyByteOffset(key, fileEnd));
  }

  private markOf(key: Uint8Array, fileEnd: number): FileMark {
    const recent = this.recent;
    for (let k = 0; k < recent.length; k++) {
      const i = (this.last + k) % recent.length;
      const r = recent[i] as { bytes: Uint8Array; mark: FileMark };
      if (!sameStart(r.bytes, key, fileEnd)) continue;
      this.last = i;
      return r.mark;
    }
    const bytes = Buffer.from(key.subarray(0, fileEnd));
    const entry = { bytes, mark: this.positions.cell(bytes.toString('utf8')) };
    // A new file takes the place after the last match (the oldest in a round-robin), or a new one.
    this.last = recent.length < RECENT_FILES ? recent.push(entry) - 1 : (this.last + 1) % RECENT_FILES;
    recent[this.last] = entry;
    return entry.mark;
  }
}
