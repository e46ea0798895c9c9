import { AssertionError } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { findProjectRoot, type LabConfig } from '../../config';
import { describe } from '../../errors';
import { CheckFailedError, MissingSolutionError } from './errors';
import { labProblem, type LabProblem } from './lab-health';

/**
 * The file a learner edits for an exercise id "NN.k …": notebooks/exercises/NN-*.ts (relative to the
 * checkout). Falls back to the pattern when the folder cannot be read (a copied notebook, say).
 */
export function exerciseFile(exerciseId: string, root: string = safeRoot()): string {
  const nn = /^(\d{2})\./.exec(exerciseId)?.[1];
  if (!nn) return 'notebooks/exercises/<notebook>.ts';
  try {
    const hit = fs.readdirSync(path.join(root, 'notebooks', 'exercises')).find((f) => f.startsWith(`${nn}-`) && f.endsWith('.ts'));
    if (hit) return `notebooks/exercises/${hit}`;
  } catch {
    /* no exercises folder here */
  }
  return `notebooks/exercises/${nn}-*.ts`;
}

function safeRoot(): string {
  try {
    return findProjectRoot();
  } catch {
    return process.cwd();
  }
}

function show(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: 100, maxArrayLength: 200, maxStringLength: 500, sorted: true });
}

const indent = (text: string) => text.split('\n').map((l) => `  ${l}`).join('\n');

/** The body of an assertion's verdict: Node's own diff when it made one, else expected and got side by side. */
function assertionReport(err: AssertionError): string {
  if (err.generatedMessage) return `the result is not what the check expected:\n${indent(err.message)}`;
  const expected = show(err.expected);
  const actual = show(err.actual);
  // Values that print alike can still differ (1 and '1' print apart; -0 and 0, or a Map's order, may not).
  const alike = expected === actual ? '\n  (they print alike but are not equal: compare types, -0 and 0, or key order)' : '';
  return `${err.message}\n  expected: ${expected}\n  got:      ${actual}${alike}`;
}

/** Turns whatever the learner's code threw into the check's verdict. */
export function verdict(checkId: string, err: unknown, problem?: LabProblem): CheckFailedError {
  const file = exerciseFile(checkId);
  if (err instanceof MissingSolutionError) {
    return new CheckFailedError(`✘ ${checkId}: not solved yet: edit ${exerciseFile(err.exerciseId)}`, { checkId }, {
      hint: `${(err.hint ?? 'Replace the `throw new MissingSolutionError(…)` with your code').replace(/[.\s]*$/, '')}. Then re-run the cell that imports it and this check.`,
      reason: err,
    });
  }
  if (err instanceof AssertionError) {
    return new CheckFailedError(`✘ ${checkId}: ${assertionReport(err)}`, { checkId, expected: err.expected, actual: err.actual }, {
      hint: `Fix your code in ${file}, then re-run the cell that imports it and this check.`,
      reason: err,
    });
  }
  if (problem) {
    return new CheckFailedError(
      `✘ ${checkId}: could not be checked: the lab is not healthy (${problem.service} does not answer at ${problem.address}); the error was ${describe(err)}`,
      { checkId, actual: err },
      { hint: `Not your code: bring the lab back with ${problem.fix}, then re-run this check.`, reason: err },
    );
  }
  if (err instanceof CheckTimeout) {
    return new CheckFailedError(`✘ ${checkId}: ${err.message}`, { checkId }, {
      hint: `Look in ${file} for a wait or a retry that never ends (a loop that waits for a condition your code never makes true); restart the kernel to stop a loop still running, then re-run the cells.`,
      reason: err,
    });
  }
  return new CheckFailedError(`✘ ${checkId}: your code threw ${err instanceof Error ? err.name : typeof err}: ${describe(err)}`, { checkId, actual: err }, {
    hint: `The check expected a result, not an error. Fix ${file}; the message above says what went wrong.`,
    reason: err,
  });
}

/** A check that did not finish in time. */
class CheckTimeout extends Error {}

export interface CheckOptions {
  /** How long the check may take (default 120 s): a learner's retry loop that never ends must not hang the kernel. */
  timeoutMs?: number;
  /** Whose services to ask when the check fails with an error (default: the lab the environment names). */
  cfg?: LabConfig;
}

/** fn's result, or a CheckTimeout after `ms` (the timer is cleared as soon as fn settles). */
async function within<T>(ms: number, fn: () => T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(`did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(fn), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a check: `fn` calls the learner's code and asserts on it with node:assert. Prints
 * `✔ <id>: pass` and returns fn's result when it passes; throws a CheckFailedError (expected, got, what
 * to do) when it does not — so the check cell fails visibly, in the notebook and in CI. A check that throws
 * while one of the lab's services is down says so, and names the command that brings it back, instead of
 * blaming the learner's code. (A loop that never yields cannot be stopped from here; one that awaits can.)
 */
export async function check<T>(checkId: string, fn: () => T | Promise<T>, opts: CheckOptions = {}): Promise<T> {
  let result: T;
  try {
    result = await within(opts.timeoutMs ?? 120_000, fn);
  } catch (err) {
    const wrongCode = err instanceof AssertionError || err instanceof MissingSolutionError;
    throw verdict(checkId, err, wrongCode ? undefined : await labProblem(opts.cfg).catch(() => undefined));
  }
  console.log(`✔ ${checkId}: pass`);
  return result;
}
