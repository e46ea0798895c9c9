import { LabError, ServiceStartError } from '../errors';

/** How the CLI reports failure: the short message, the hint, the evidence. Never a stack trace for our own errors. */
export function formatError(err: unknown): string {
  if (!(err instanceof LabError)) {
    return `Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
  }
  const lines = [`Error: ${err.message}`];
  if (err instanceof ServiceStartError) {
    if (err.exitCode !== null || err.signal !== null) lines.push(`  exit: ${err.signal ?? err.exitCode}`);
    lines.push(`  command: ${err.command.length > 300 ? `${err.command.slice(0, 300)}…` : err.command}`);
    if (err.logTail.length > 0) lines.push('  from the log:', ...err.logTail.map((l) => `    ${l.slice(0, 400)}`));
    lines.push(`  log file: ${err.logFile}`);
  }
  if (err.hint) lines.push(`  what to do: ${err.hint.split('\n').join('\n    ')}`);
  return lines.join('\n');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
