import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { parseLine, type AccessRecord } from '../logformat';
import { classify, courseIdOf, courseRowKey, loadSearchEngines, parseCourseRowKey, parseSearchRowKey, refererHost, searchRowKey } from '.';
import { createLineHandler } from '../stream/lines';

const engines = loadSearchEngines(findProjectRoot());
const rec = (path: string, referer: string | null = null, time = '2026-11-24 23:59:59'): AccessRecord => ({
  ip: '1.2.3.4', time, method: 'GET', path, protocol: 'HTTP/1.1', status: 500, referer,
});

test('a course click is exactly /class/<digits>.html; the id is the number', () => {
  assert.equal(courseIdOf('/class/112.html'), 112);
  assert.equal(courseIdOf('/class/0112.html'), 112, 'leading zeros: the same course');
  for (const p of ['/class/112.htm', '/class/abc.html', '/class/112.html?x=1', '/class//112.html', '/class/.html', '/Class/112.html', '/class/11 2.html', '/x/class/112.html']) {
    assert.equal(courseIdOf(p), undefined, p);
  }
});

test('every status counts, and the day is the date as written', () => {
  const c = classify(rec('/class/130.html'), engines);
  assert.deepEqual(c, { kind: 'course', day: '20261124', courseId: 130, searchEngine: null });
  assert.deepEqual(classify(rec('/video/1.mp4'), engines), { kind: 'other' });
});

test('a search click needs an http(s) referer whose host is a listed engine, exactly', () => {
  const host = (r: string | null) => (classify(rec('/class/1.html', r), engines) as { searchEngine: string | null }).searchEngine;
  assert.equal(host('http://www.baidu.com/s?wd=Storm 实战'), 'www.baidu.com');
  assert.equal(host('https://WWW.BAIDU.COM:443/s?wd=x'), 'www.baidu.com', 'case and port do not matter');
  assert.equal(host('https://cn.bing.com/search?q=hbase'), 'cn.bing.com');
  assert.equal(host('https://search.yahoo.com/search?p=kafka'), 'search.yahoo.com');
  assert.equal(host('https://map.baidu.com/?q=office'), null, 'another host of the same company is not search');
  assert.equal(host('https://www.baidu.com.evil.example/s'), null);
  assert.equal(host('ftp://www.baidu.com/'), null);
  assert.equal(host('www.baidu.com/s?wd=x'), null, 'not a URL');
  assert.equal(host(null), null);
  assert.equal(refererHost('https://www.google.com#frag'), 'www.google.com');
});

test('row keys and their inverses', () => {
  assert.equal(courseRowKey('20261124', 112), '20261124_112');
  assert.equal(searchRowKey('20261124', 'www.baidu.com', 112), '20261124_www.baidu.com_112');
  assert.deepEqual(parseCourseRowKey('20261124_112'), { day: '20261124', courseId: 112 });
  assert.deepEqual(parseSearchRowKey('20261124_www.baidu.com_112'), { day: '20261124', engine: 'www.baidu.com', courseId: 112 });
  assert.equal(parseCourseRowKey('scan_x_1'), undefined);
});

test('the job’s line handler: malformed lines say why', () => {
  const handle = createLineHandler({ projectRoot: findProjectRoot() });
  const line = '1.2.3.4\t2026-11-24 12:09:16\t"GET /class/112.html HTTP/1.1"\t200\thttps://www.sogou.com/web?query=x';
  assert.ok(parseLine(line).ok);
  assert.deepEqual(handle(line), { kind: 'course', courseRow: '20261124_112', searchRow: '20261124_www.sogou.com_112' });
  const bad = handle('garbage');
  assert.equal(bad.kind, 'malformed');
  assert.match((bad as { reason: string }).reason, /^missing-field: /);
});
