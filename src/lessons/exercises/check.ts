import { AssertionError } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { findProjectRoot } from '../../config';
import { describe } from '../../errors';
import { CheckFailedError, MissingSolutionError } from './errors';

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
  return inspect(value, { depth: 4, breakLength: 120, maxArrayLength: 20, maxStringLength: 300 });
}

/** Turns whatever the learner's code threw into the check's verdict. */
export function verdict(checkId: string, err: unknown): CheckFailedError {
  const file = exerciseFile(checkId);
  if (err instanceof MissingSolutionError) {
    return new CheckFailedError(`✘ ${checkId}: not solved yet: edit ${exerciseFile(err.exerciseId)}`, { checkId }, {
      hint: `${(err.hint ?? 'Replace the `throw new MissingSolutionError(…)` with your code').replace(/[.\s]*$/, '')}. Then re-run the cell that imports it and this check.`,
      reason: err,
    });
  }
  if (err instanceof AssertionError) {
    const what = err.generatedMessage ? 'the result is not what the check expected' : err.message;
    return new CheckFailedError(
      `✘ ${checkId}: ${what}\n  expected: ${show(err.expected)}\n  got:      ${show(err.actual)}`,
      { checkId, expected: err.expected, actual: err.actual },
      { hint: `Fix your code in ${file}, then re-run the cell that imports it and this check.`, reason: err },
    );
  }
  return new CheckFailedError(`✘ ${checkId}: your code threw ${err instanceof Error ? err.name : typeof err}: ${describe(err)}`, { checkId, actual: err }, {
    hint: `The check expected a result, not an error. Fix ${file}; the message above says what went wrong.`,
    reason: err,
  });
}

/**
 * Runs a check: `fn` calls the learner's code and asserts on it with node:assert. Prints
 * `✔ <id>: pass` and returns fn's result when it passes; throws a CheckFailedError (expected, got, what
 * to do) when it does not — so the check cell fails visibly, in the notebook and in CI.
 */
export async function check<T>(checkId: string, fn: () => T | Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    throw verdict(checkId, err);
  }
  console.log(`✔ ${checkId}: pass`);
  return result;
}
