import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Appends pre-generated lines to several log files in Flume's directory at a steady rate, as web servers
 * would: whole lines, round robin over the files, one append per file per tick. `burst` appends many at
 * once to one file (Flume then reads it for a while: a moment to kill it "in the middle of a file").
 */
export class LogFeeder {
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly files: string[];

  constructor(
    dir: string,
    name: string,
    servers: number,
    private readonly lines: readonly string[],
  ) {
    this.files = Array.from({ length: servers }, (_, i) => path.join(dir, `${name}-web${i + 1}.log`));
  }

  get written(): number {
    return this.next;
  }

  /** Appends `count` lines (or what is left), spread over the files. */
  append(count: number, onlyFile?: number): void {
    const end = Math.min(this.lines.length, this.next + count);
    const chunks = this.files.map(() => [] as string[]);
    for (let i = this.next; i < end; i++) (chunks[onlyFile ?? i % this.files.length] as string[]).push(this.lines[i] as string);
    chunks.forEach((chunk, f) => {
      if (chunk.length > 0) fs.appendFileSync(this.files[f] as string, `${chunk.join('\n')}\n`);
    });
    this.next = end;
  }

  /** Keeps appending `perSecond` lines a second (in ticks of 100 ms) until stopped or done. */
  start(perSecond: number): void {
    this.timer = setInterval(() => this.append(Math.ceil(perSecond / 10)), 100);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Everything not written yet, at once. */
  finish(): void {
    this.stop();
    this.append(this.lines.length);
  }
}
