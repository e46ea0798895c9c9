import * as assert from 'node:assert';
import * as net from 'node:net';
import { test } from 'node:test';
import { defaultConfig, type LabConfig } from '../../config';
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
  assert.match(err.message, /99\.1 double: the result is not what the check expected/);
  // Node's own diff, as node:assert wrote it.
  assert.match(err.message, /Expected values to be strictly equal:[\s\S]*23 !== 42/);
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

/** A lab whose services' ports all accept connections (plain TCP listeners), or none do. */
async function fakeLab(listening: boolean): Promise<{ cfg: LabConfig; close: () => void }> {
  const servers: net.Server[] = [];
  const port = async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const p = (server.address() as net.AddressInfo).port;
    if (!listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    return p;
  };
  const base = defaultConfig();
  const cfg: LabConfig = { ...base, ports: { ...base.ports, kafka: await port(), zookeeper: await port(), hbaseRegionServer: await port() } };
  return { cfg, close: () => servers.forEach((s) => s.listening && s.close()) };
}

test('code that throws something else is reported as such, while the lab answers', async () => {
  const lab = await fakeLab(true);
  try {
    const err = await check('99.3 boom', () => JSON.parse('{'), { cfg: lab.cfg }).catch((e: unknown) => e);
    assert.ok(err instanceof CheckFailedError);
    assert.match(err.message, /your code threw SyntaxError/);
  } finally {
    lab.close();
  }
});

test('an error while the lab is down blames the lab, names the service and the command that brings it back', async () => {
  const lab = await fakeLab(false);
  const err = await check('99.4 read a topic', () => Promise.reject(new Error('connect ECONNREFUSED')), { cfg: lab.cfg }).catch((e: unknown) => e);
  assert.ok(err instanceof CheckFailedError);
  assert.match(err.message, new RegExp(`99\\.4 read a topic: could not be checked: the lab is not healthy \\(kafka does not answer at 127\\.0\\.0\\.1:${lab.cfg.ports.kafka}\\)`));
  assert.match(err.message, /the error was connect ECONNREFUSED/);
  assert.match(err.hint ?? '', /^Not your code: bring the lab back with `npx lab up`/);
  // A wrong answer stays the learner's, whatever the lab's state.
  const wrong = await check('99.4 read a topic', () => assert.strictEqual(1, 2), { cfg: lab.cfg }).catch((e: unknown) => e);
  assert.match((wrong as Error).message, /the result is not what the check expected/);
});

test('a check that never finishes fails after its timeout, pointing at a wait that never ends', async () => {
  const lab = await fakeLab(true);
  try {
    const err = await check('99.5 retry', () => new Promise<never>(() => undefined), { timeoutMs: 50, cfg: lab.cfg }).catch((e: unknown) => e);
    assert.ok(err instanceof CheckFailedError);
    assert.match(err.message, /99\.5 retry: did not finish within 0\.05 s/);
    assert.match(err.hint ?? '', /a wait or a retry that never ends/);
  } finally {
    lab.close();
  }
});

test("the diff stays readable for long arrays and maps: Node's diff shows the entry that differs", async () => {
  const expected = Array.from({ length: 40 }, (_, i) => i);
  const got = expected.map((v) => (v === 33 ? -1 : v));
  const arrays = await check('99.6 arrays', () => assert.deepStrictEqual(got, expected)).then(() => assert.fail('the check passed'), (e: unknown) => e as Error);
  assert.match(arrays.message, /\+\s+-1/);
  assert.match(arrays.message, /-\s+33/);
  const maps = await check('99.6 maps', () => assert.deepStrictEqual(new Map([['a', 1], ['b', 2]]), new Map([['a', 1], ['b', 3]]))).then(() => assert.fail('the check passed'), (e: unknown) => e as Error);
  assert.match(maps.message, /\+\s+'?b'? => 2/);
  assert.match(maps.message, /-\s+'?b'? => 3/);
  // A message of the check's own: expected and got in full, and a note when they print alike.
  const alike = await check('99.6 alike', () => assert.strictEqual(-0, 0, 'the total')).then(() => assert.fail('the check passed'), (e: unknown) => e as Error);
  assert.match(alike.message, /99\.6 alike: the total[\s\S]*\n  expected: 0\n  got:      -0/);
  const same = await check('99.6 same', () => assert.deepStrictEqual(new Map([['b', 1], ['a', 2]]), new Map([['a', 2], ['b', 1]]), 'x')).catch((e: unknown) => e);
  assert.equal(same, undefined, 'maps with the same entries are equal whatever their order');
});

test('exerciseFile maps an id to the learner file of its notebook', () => {
  assert.match(exerciseFile('00.1 anything'), /^notebooks\/exercises\/00-[a-z0-9-]+\.ts$/);
  assert.strictEqual(exerciseFile('77.1 nope', '/nonexistent'), 'notebooks/exercises/77-*.ts');
  assert.strictEqual(exerciseFile('no number'), 'notebooks/exercises/<notebook>.ts');
});
