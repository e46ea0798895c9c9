import { LabError } from '../../errors';

/**
 * Thrown by an exercise stub the learner has not solved yet. `id` is "NN.k short name": NN names the
 * notebook (and so the file notebooks/exercises/NN-*.ts), k the exercise within it.
 */
export class MissingSolutionError extends LabError {
  constructor(
    readonly exerciseId: string,
    hint: string,
  ) {
    super(`exercise ${exerciseId} is not solved yet`, { hint });
  }
}

export interface CheckFailure {
  /** The check's id, as the notebook names it ("03.2 partition for a key"). */
  checkId: string;
  /** What the check wanted, when it knows (an assertion's `expected`). */
  expected?: unknown;
  /** What the learner's code gave back (an assertion's `actual`, or the error it threw). */
  actual?: unknown;
}

/**
 * A check cell's verdict when the learner's code is missing or wrong: what was expected, what came back,
 * what to do. The notebook prints a thrown error with its stack and fields; this one prints as its
 * message and the hint only, because that is all a learner needs (the fields stay readable on the object).
 */
export class CheckFailedError extends LabError {
  declare readonly checkId: string;
  declare readonly expected: unknown;
  declare readonly actual: unknown;
  declare readonly reason: unknown;

  constructor(message: string, failure: CheckFailure, options: { hint: string; reason?: unknown }) {
    // The message carries the hint too: notebooks print a thrown error's message, not its fields.
    super(`${message}\n  what to do: ${options.hint}`, { hint: options.hint });
    const hidden = (key: string, value: unknown) => Object.defineProperty(this, key, { value, enumerable: false });
    hidden('checkId', failure.checkId);
    hidden('expected', failure.expected);
    hidden('actual', failure.actual);
    hidden('reason', options.reason);
    hidden('hint', options.hint);
    hidden('retriable', false);
    this.stack = `${this.name}: ${this.message}`;
  }
}
