import * as assert from 'node:assert';
import { test } from 'node:test';
import { check, CheckFailedError, exerciseFile, MissingSolutionError } from '.';

const silenced = async <T>(fn: () => Promise<T>): Promise<{ value: T; printed: string }> => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  try {
    return { value: await fn(), printed: lines.join('\n') };
  } finally {
    console.log = log;
  }
};

const double = (n: number) => n * 2;
const wrongDouble = (n: number) => n + 2;

test('a right answer passes, prints ✔ and returns what fn returned', async () => {
  const { value, printed } = await silenced(() => check('99.1 double', () => {
    assert.strictEqual(double(21), 42);
    return 'done';
  }));
  assert.strictEqual(value, 'done');
  assert.strictEqual(printed, '✔ 99.1 double: pass');
});

test('a wrong answer fails with what was expected, what came back and what to do', async () => {
  const err = await silenced(() => check('99.1 double', () => assert.strictEqual(wrongDouble(21), 42))).then(
    () => assert.fail('check passed a wrong answer'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof CheckFailedError);
  assert.strictEqual(err.checkId, '99.1 double');
  assert.strictEqual(err.expected, 42);
  assert.strictEqual(err.actual, 23);
  assert.match(err.message, /99\.1 double/);
  assert.match(err.message, /expected: 42/);
  assert.match(err.message, /got: +23/);
  assert.match(err.hint ?? '', /Fix your code in notebooks\/exercises\//);
  assert.match(err.message, /\n  what to do: Fix your code in notebooks\/exercises\//);
});

test('an async check awaits the learner code', async () => {
  await assert.rejects(check('99.2 async', async () => assert.deepStrictEqual(await Promise.resolve([1, 2]), [1, 2, 3])), CheckFailedError);
  const { printed } = await silenced(() => check('99.2 async', async () => assert.deepStrictEqual(await Promise.resolve([1, 2, 3]), [1, 2, 3])));
  assert.match(printed, /✔ 99\.2 async: pass/);
});

test('an unsolved stub says "not solved yet" and names the file to edit', async () => {
  const stub = (): number => {
    throw new MissingSolutionError('01.1 count status codes', 'Count lines by status.');
  };
  const err = await check('01.1 count status codes', () => stub()).catch((e: unknown) => e);
  assert.ok(err instanceof CheckFailedError);
  assert.match(err.message, /01\.1 count status codes: not solved yet: edit notebooks\/exercises\/01-/);
  assert.match(err.hint ?? '', /^Count lines by status\. Then re-run/);
  // It prints as message + what to do, without a stack a learner would have to read past.
  assert.doesNotMatch(err.stack ?? '', /\n\s+at /);
});

test('code that throws something else is reported as such', async () => {
  const err = await check('99.3 boom', () => JSON.parse('{')).catch((e: unknown) => e);
  assert.ok(err instanceof CheckFailedError);
  assert.match(err.message, /your code threw SyntaxError/);
});

test('exerciseFile maps an id to the learner file of its notebook', () => {
  assert.match(exerciseFile('00.1 anything'), /^notebooks\/exercises\/00-[a-z0-9-]+\.ts$/);
  assert.strictEqual(exerciseFile('77.1 nope', '/nonexistent'), 'notebooks/exercises/77-*.ts');
  assert.strictEqual(exerciseFile('no number'), 'notebooks/exercises/<notebook>.ts');
});
