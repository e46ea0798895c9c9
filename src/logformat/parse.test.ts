import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../generator/random';
import { formatLine } from './format';
import { parseLine } from './parse';
import type { AccessRecord } from './types';

const good: AccessRecord = {
  ip: '168.187.72.98',
  time: '2026-11-24 12:09:16',
  method: 'GET',
  path: '/class/112.html',
  protocol: 'HTTP/1.1',
  status: 404,
  referer: 'http://www.baidu.com/s?wd=Storm 实战',
};

test('the course example parses field by field', () => {
  const r = parseLine('168.187.72.98\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t404\thttp://www.baidu.com/s?wd=Storm 实战');
  assert.deepEqual(r, { ok: true, record: good });
});

test('format → parse round-trips random records', () => {
  const rng = new Random('roundtrip');
  const methods = ['GET', 'POST', 'HEAD', 'DELETE'];
  const paths = ['/class/1.html', '/video/a b.mp4', '/search?q=大数据 入门', '/', '/learn/8?x=1&y=2'];
  for (let i = 0; i < 5000; i++) {
    const day = 1 + rng.int(28);
    const record: AccessRecord = {
      ip: `${rng.int(256)}.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}`,
      time: `20${10 + rng.int(80)}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(day).padStart(2, '0')} ${String(rng.int(24)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}`,
      method: methods[rng.int(methods.length)] as string,
      path: paths[rng.int(paths.length)] as string,
      protocol: rng.int(2) ? 'HTTP/1.1' : 'HTTP/2',
      status: 100 + rng.int(500),
      referer: rng.int(3) === 0 ? null : `https://host${rng.int(9)}.example/q?wd=${'中文 x'.repeat(rng.int(3))}`,
    };
    assert.deepEqual(parseLine(formatLine(record)), { ok: true, record });
  }
});

test('variants of the course re-implementations are accepted', () => {
  const variants = [
    '168.187.72.98\t[2026-11-24 12:09:16]\t"GET /class/112.html HTTP/1.1"\t404\thttp://www.baidu.com/s?wd=Storm 实战',
    '168.187.72.98\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t404\t"http://www.baidu.com/s?wd=Storm 实战"',
    '168.187.72.98\t2026-11-24 12:09:16\tGET /class/112.html HTTP/1.1\t404\thttp://www.baidu.com/s?wd=Storm 实战',
    '168.187.72.98\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t404\thttp://www.baidu.com/s?wd=Storm 实战\r',
  ];
  for (const v of variants) assert.deepEqual(parseLine(v), { ok: true, record: good }, JSON.stringify(v));
  const noReferer = parseLine('1.2.3.4\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t200\t-');
  assert.equal(noReferer.ok && noReferer.record.referer, null);
  const quotedDash = parseLine('1.2.3.4\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t200\t"-"');
  assert.equal(quotedDash.ok && quotedDash.record.referer, null);
  const spaceInPath = parseLine('1.2.3.4\t2026-11-24 12:09:16\t"GET /search?q=spark sql 实战 HTTP/1.1"\t200\t-');
  assert.equal(spaceInPath.ok && spaceInPath.record.path, '/search?q=spark sql 实战');
});

test('each kind of malformed line is named', () => {
  const cases: [string, string][] = [
    ['1.2.3.4\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t200', 'missing-field'],
    ['1.2.3.4\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t200\t-\textra', 'extra-field'],
    ['\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t200\t-', 'empty-field'],
    ['1.2.3.4\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t200\t', 'empty-field'],
    ['1.2.3.4\t2026-02-29 12:09:16\t"GET /class/112.html HTTP/1.1"\t200\t-', 'bad-time'],
    ['1.2.3.4\t2026-04-31 12:09:16\t"GET /class/112.html HTTP/1.1"\t200\t-', 'bad-time'],
    ['1.2.3.4\t2026-11-24 24:00:00\t"GET /class/112.html HTTP/1.1"\t200\t-', 'bad-time'],
    ['1.2.3.4\t2026-11-24T12:09:16\t"GET /class/112.html HTTP/1.1"\t200\t-', 'bad-time'],
    ['1.2.3.4\t24/Nov/2026:12:09:16\t"GET /class/112.html HTTP/1.1"\t200\t-', 'bad-time'],
    ['1.2.3.4\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\tabc\t-', 'bad-status'],
    ['1.2.3.4\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t2000\t-', 'bad-status'],
    ['1.2.3.4\t2026-11-24 12:09:16\t"GET /class/112.html"\t200\t-', 'bad-request'],
    ['1.2.3.4\t2026-11-24 12:09:16\t"get /class/112.html HTTP/1.1"\t200\t-', 'bad-request'],
    ['1.2.3.4\t2026-11-24 12:09:16\t"GET class/112.html HTTP/1.1"\t200\t-', 'bad-request'],
    ['1.2.3.4\t2026-11-24 12:09:16\t"GET /class/112.html FTP/1.0"\t200\t-', 'bad-request'],
  ];
  for (const [line, reason] of cases) {
    const r = parseLine(line);
    assert.equal(r.ok, false, line);
    assert.equal(!r.ok && r.reason, reason, line);
  }
  // Leap years: 2024-02-29 is a day, 1900-02-29 is not, 2000-02-29 is.
  for (const [date, ok] of [['2024-02-29', true], ['1900-02-29', false], ['2000-02-29', true]] as const) {
    assert.equal(parseLine(`1.2.3.4\t${date} 00:00:00\t"GET / HTTP/1.1"\t200\t-`).ok, ok, date);
  }
});

test('fuzz: random bytes and truncations never throw, and non-lines are malformed', () => {
  const rng = new Random('fuzz');
  const line = formatLine(good);
  for (let i = 0; i < 20_000; i++) {
    const bytes = Buffer.alloc(rng.int(200));
    for (let j = 0; j < bytes.length; j++) bytes[j] = rng.int(256);
    const r = parseLine(bytes.toString('utf8'));
    // Random bytes have fewer than four tabs almost always; when they parse, the record must still be valid.
    if (r.ok) assert.equal(formatLine(r.record).split('\t').length, 5);
  }
  for (let cut = 0; cut < line.length; cut++) {
    const prefix = line.slice(0, cut);
    const r = parseLine(prefix);
    // Cutting inside the referer still leaves a well-formed line with a shorter referer; anything shorter is not.
    const tabs = prefix.split('\t').length - 1;
    if (tabs < 4 || prefix.endsWith('\t')) assert.equal(r.ok, false, JSON.stringify(prefix));
  }
});
