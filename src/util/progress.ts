/**
 * A one-line progress bar for long work (fetching jars, generating logs). On a terminal it redraws in
 * place; elsewhere (CI logs, pipes) it prints a line at each quarter so logs stay short.
 */
export interface ProgressOptions {
  label: string;
  total: number;
  unit?: string;
  stream?: NodeJS.WriteStream;
  /** Render even when the stream is not a TTY, at each quarter. Default true. */
  quiet?: boolean;
}

export class ProgressBar {
  private current = 0;
  private lastQuarter = -1;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private detail = '';

  constructor(private readonly opts: ProgressOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
  }

  update(current: number, detail = ''): void {
    this.current = Math.min(current, this.opts.total);
    this.detail = detail;
    this.draw(false);
  }

  tick(by = 1, detail = ''): void {
    this.update(this.current + by, detail);
  }

  done(detail = ''): void {
    this.current = this.opts.total;
    this.detail = detail;
    this.draw(true);
    if (this.tty && !this.opts.quiet) this.stream.write('\n');
  }

  private draw(final: boolean): void {
    if (this.opts.quiet) return;
    const ratio = this.opts.total > 0 ? this.current / this.opts.total : 1;
    if (this.tty) {
      const now = Date.now();
      if (!final && now - this.lastDraw < 80) return;
      this.lastDraw = now;
      this.stream.write(`\r${this.line(ratio)}\x1b[K`);
      return;
    }
    const quarter = Math.floor(ratio * 4);
    if (quarter > this.lastQuarter || final) {
      if (final && quarter === this.lastQuarter && ratio >= 1) return;
      this.lastQuarter = quarter;
      this.stream.write(`${this.line(ratio)}\n`);
    }
  }

  private line(ratio: number): string {
    const width = 24;
    const filled = Math.round(ratio * width);
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    const unit = this.opts.unit ? ` ${this.opts.unit}` : '';
    const detail = this.detail ? ` ${this.detail}` : '';
    return `${this.opts.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.current}/${this.opts.total}${unit} ${secs}s${detail}`;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
