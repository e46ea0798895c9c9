/**
 * Every error the lab raises on purpose. Each says what happened, carries context as fields (not as
 * longer strings), and a `hint` that tells the learner what to do next.
 */
export interface LabErrorOptions {
  hint?: string;
  cause?: unknown;
  retriable?: boolean;
}

export class LabError extends Error {
  readonly hint: string | undefined;
  readonly retriable: boolean;

  constructor(message: string, options: LabErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.retriable = options.retriable ?? false;
  }
}

export class ConfigError extends LabError {}

export class PortInUseError extends LabError {
  constructor(
    readonly service: string,
    readonly host: string,
    readonly port: number,
    readonly envVar: string,
  ) {
    super(`${service} cannot start: ${host}:${port} is already in use by another program`, {
      hint:
        `Find it with \`ss -ltnp 'sport = :${port}'\` and stop it, or move the lab's ${service} ` +
        `to a free port: ${envVar}=<port> (then use the same setting for every lab command).`,
    });
  }
}

export interface ServiceFailure {
  service: string;
  command: string;
  logFile: string;
  logTail: string[];
  exitCode?: number | null;
  signal?: string | null;
}

export class ServiceStartError extends LabError {
  readonly service: string;
  readonly command: string;
  readonly logFile: string;
  readonly logTail: string[];
  readonly exitCode: number | null;
  readonly signal: string | null;

  constructor(message: string, failure: ServiceFailure, options: LabErrorOptions = {}) {
    super(message, { hint: options.hint ?? `Read ${failure.logFile} for the full story.`, cause: options.cause });
    this.service = failure.service;
    this.command = failure.command;
    this.logFile = failure.logFile;
    this.logTail = failure.logTail;
    this.exitCode = failure.exitCode ?? null;
    this.signal = failure.signal ?? null;
  }
}

export class ServiceTimeoutError extends ServiceStartError {}

export class DependencyError extends LabError {}

export class FetchError extends LabError {}

export class HBaseError extends LabError {
  constructor(
    readonly operation: string,
    readonly table: string,
    readonly row: string | undefined,
    cause: unknown,
  ) {
    super(`HBase ${operation} on table '${table}'${row === undefined ? '' : ` row '${row}'`} failed: ${describe(cause)}`, {
      cause,
      retriable: true,
      hint: /not found|TableNotFound/i.test(describe(cause))
        ? 'Create the lab tables with `lab up` (it creates missing tables), or check the table name.'
        : 'Is HBase up? `lab status` shows it; `lab logs hbase` shows why not.',
    });
  }
}

/** A readable one-liner for anything thrown, including the strings hbase-rpc-client passes as errors. */
export function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object') {
    const o = err as Record<string, unknown>;
    if (typeof o.exceptionClassName === 'string') {
      return `${o.exceptionClassName}${typeof o.stackTrace === 'string' ? `: ${o.stackTrace.split('\n')[0]}` : ''}`;
    }
    try {
      return JSON.stringify(err);
    } catch {
      return String(err);
    }
  }
  return String(err);
}
