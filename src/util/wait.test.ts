import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually, sleep, WaitAborted, WaitTimeout } from './wait';

test('eventually returns the first defined value, and names what it waited for when it gives up', async () => {
  let n = 0;
  assert.strictEqual(await eventually('n to reach 3', () => (++n >= 3 ? n : undefined), { intervalMs: 1 }), 3);
  await assert.rejects(
    eventually('the impossible', () => {
      throw new Error('nope');
    }, { timeoutMs: 30, intervalMs: 5 }),
    /gave up after 30 ms waiting for the impossible \(last error: nope\)/,
  );
});

test('eventually stops at once when its abortOn settles, and its timeout keeps the last reason', async () => {
  const began = Date.now();
  await assert.rejects(eventually('a process that exited', () => undefined, { timeoutMs: 10_000, intervalMs: 5, abortOn: sleep(20) }), WaitAborted);
  assert.ok(Date.now() - began < 5000);
  const err = await eventually('never', () => Promise.reject(new Error('port closed')), { timeoutMs: 20, intervalMs: 5 }).catch((e: unknown) => e);
  assert.ok(err instanceof WaitTimeout);
  assert.equal(err.lastReason, 'port closed');
});
