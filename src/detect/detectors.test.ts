import assert from 'node:assert/strict';
import fc from 'fast-check';
import { test } from 'node:test';
import { BURST_RULE, judgeWindow, newBaseline } from './error-bursts';
import { foldCourse, foldIp, ipFeatures, IP_FEATURES, newCourseWindow, newIpWindow, windowMeans, type SeenLine } from './features';
import { newLatch, step } from './latch';
import { seenLine } from './seen-line';

const t0 = Date.UTC(2026, 11, 5, 10, 0, 0);
const line = (over: Partial<SeenLine>): SeenLine => ({ ip: '1.2.3.4', t: t0, courseId: 112, status: 200, referer: 'search', ...over });

test("an IP's window features: counts, shares, distinct courses and active seconds", () => {
  const w = newIpWindow();
  for (const l of [line({}), line({ t: t0 + 200, courseId: 128, referer: 'none' }), line({ t: t0 + 1500, courseId: 112, status: 503, referer: 'none' }), line({ t: t0 + 2000, courseId: null, referer: 'site' })]) foldIp(w, l);
  const f = Object.fromEntries(IP_FEATURES.map((name, i) => [name, ipFeatures(w, 2)[i]]));
  assert.deepEqual(f, { requests: 4, requestsToMean: 2, coursePageShare: 0.75, distinctCourses: 2, distinctCourseShare: 2 / 3, noRefererShare: 0.5, searchRefererShare: 0.25, activeSeconds: 3, requestsPerActiveSecond: 4 / 3 });
  assert.deepEqual(ipFeatures(newIpWindow(), 0), [0, 0, 0, 0, 0, 0, 0, 0, 0], 'an empty window has no NaN');
  assert.deepEqual(windowMeans([{ start: 0, acc: w }, { start: 0, acc: newIpWindow() }, { start: 10, acc: w }]), new Map([[0, 2], [10, 4]]));
});

test('a course at its usual 5xx share is not a burst, and moves its baseline; a burst does not', () => {
  let base = newBaseline();
  for (let i = 0; i < 20; i++) {
    const r = judgeWindow(base, 100, 3);
    assert.equal(r.burst, false);
    base = r.next;
  }
  const burst = judgeWindow(base, 100, 60);
  assert.equal(burst.burst, true);
  assert.ok(burst.score > BURST_RULE.z);
  assert.deepEqual(burst.next, base, 'the burst window leaves the baseline as it was');
  assert.equal(judgeWindow(base, 5, 5).burst, false, 'too few requests to tell');
  assert.equal(judgeWindow(base, 0, 0).burst, false);
});

test('the statistical detector never calls a window a burst below its minimum share, whatever the baseline', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 0.2, noNaN: true }), fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (mean, requests, shareDraw) => {
      const errors = Math.floor(shareDraw * requests);
      const r = judgeWindow({ mean, windows: 10 }, requests, errors);
      return !r.burst || errors / requests >= BURST_RULE.minShare;
    }),
  );
});

test('one alert per incident: the latch opens once, stays open through alerting windows, closes after quiet ones', () => {
  const latch = newLatch();
  const verdicts = [false, true, true, false, true, false, false, false, true];
  assert.deepEqual(verdicts.map((v) => step(latch, v, 3)), [false, true, false, false, false, false, false, false, true]);
});

test('a course window counts its requests and its 5xx', () => {
  const w = newCourseWindow();
  for (const s of [200, 500, 503, 404, 304]) foldCourse(w, line({ status: s }));
  assert.deepEqual(w, { requests: 5, errors: 2 });
});

test("a parsed line becomes what the detector reads: the counting rules' course id, the referer's kind, the event time", () => {
  const engines = new Set(['www.baidu.com']);
  const r = { ip: '10.0.0.1', time: '2026-12-05 10:00:07', method: 'GET', path: '/class/0112.html', protocol: 'HTTP/1.1', status: 503, referer: 'https://WWW.Baidu.com/s?wd=x' };
  assert.deepEqual(seenLine(r, engines), { ip: '10.0.0.1', t: t0 + 7000, courseId: 112, status: 503, referer: 'search' });
  assert.equal(seenLine({ ...r, referer: 'https://map.baidu.com/' }, engines).referer, 'site');
  assert.equal(seenLine({ ...r, referer: null }, engines).referer, 'none');
  assert.equal(seenLine({ ...r, path: '/class/112.html?x=1' }, engines).courseId, null, 'not a course page by the counting rules');
});
