import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { generateBulk } from '../generator/bulk';
import { Random } from '../generator/random';
import { createLineHandler } from './lines';

const projectRoot = findProjectRoot();
const handle = createLineHandler({ projectRoot });

/** The byte fast path must give exactly what the string path (parseLine + classify) gives. */
function agree(line: Buffer): void {
  assert.deepEqual(handle(line), handle(line.toString('utf8')), JSON.stringify(line.toString('utf8')));
}

test('fast path and parser agree on generated lines, malformed ones included', async () => {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  await generateBulk({ seed: 'fast', lines: 30_000, startDay: '2024-02-28', days: 3, malformedRate: 0.05, projectRoot }, sink);
  const text = Buffer.concat(chunks);
  let start = 0;
  for (let nl = text.indexOf(10); nl >= 0; nl = text.indexOf(10, start)) {
    agree(text.subarray(start, nl));
    start = nl + 1;
  }
});

test('fast path and parser agree on mutated lines and variants', () => {
  const rng = new Random('mutate');
  const base = [
    '1.2.3.4\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t404\thttp://www.baidu.com/s?wd=Storm 实战',
    '1.2.3.4\t[2026-11-24 12:09:16]\t"GET /class/112.html HTTP/1.1"\t200\t"https://cn.bing.com/search?q=x"',
    '1.2.3.4\t2026-11-24 12:09:16\t"POST /class/0012.html HTTP/2"\t500\tHTTPS://WWW.SOGOU.COM:8080/web',
    '1.2.3.4\t2028-02-29 23:59:59\t"GET /video/x y.mp4 HTTP/1.0"\t304\t-\r',
  ];
  const alphabet = Buffer.from('\t "/-:.0123456789aAzZ_[]\r中');
  for (const line of base) {
    const bytes = Buffer.from(line);
    agree(bytes);
    for (let i = 0; i < 4000; i++) {
      const m = Buffer.from(bytes);
      const edits = 1 + rng.int(3);
      for (let e = 0; e < edits; e++) m[rng.int(m.length)] = alphabet[rng.int(alphabet.length)] as number;
      agree(m);
      agree(m.subarray(0, rng.int(m.length + 1)));
    }
  }
});
