import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeLong } from '../../hbase';
import { clicksByEngine, courseClicksFigure, courseClicksFromRows, searchClicksFromRows, searchShareFigure } from './course-charts';

const names = new Map([
  [112, 'Spark SQL in practice'],
  [128, 'Hadoop in 10 hours'],
]);
const row = (key: string, clicks: number) => ({ key, cells: { 'info:click_count': encodeLong(clicks) } });

test('course rows become named clicks, largest first; unknown ids and foreign keys are handled', () => {
  const rows = [row('20261124_112', 5), row('20261124_128', 40), row('20261124_999', 7), row('not-a-course-row', 3)];
  assert.deepEqual(courseClicksFromRows(rows, names), [
    { courseId: 128, name: 'Hadoop in 10 hours', clicks: 40 },
    { courseId: 999, name: 'course 999', clicks: 7 },
    { courseId: 112, name: 'Spark SQL in practice', clicks: 5 },
  ]);
});

test('search rows split into the engine host (dots and all) and the course id', () => {
  const s = searchClicksFromRows([row('20261124_www.baidu.com_112', 9), row('20261124_cn.bing.com_128', 11)]);
  assert.deepEqual(s, [
    { engine: 'cn.bing.com', courseId: 128, clicks: 11 },
    { engine: 'www.baidu.com', courseId: 112, clicks: 9 },
  ]);
});

test('the bar chart has the most clicked course on top and every label named', () => {
  const fig = courseClicksFigure(
    [
      { courseId: 112, name: 'Spark SQL in practice', clicks: 5 },
      { courseId: 128, name: 'Hadoop in 10 hours', clicks: 40 },
      { courseId: 130, name: 'Storm', clicks: 17 },
    ],
    '20261124',
  );
  const [bar] = fig.data;
  assert.equal(bar?.type, 'bar');
  assert.equal(bar?.orientation, 'h');
  // plotly draws the first category at the bottom: ascending arrays put the largest on top.
  assert.deepEqual(bar?.x, [5, 17, 40]);
  assert.deepEqual(bar?.y, ['Spark SQL in practice (112)', 'Storm (130)', 'Hadoop in 10 hours (128)']);
  assert.match(JSON.stringify(fig.layout), /2026-11-24/);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(fig)), 'a figure is plain JSON');
});

test('top N keeps the N most clicked courses', () => {
  const courses = [3, 9, 1, 7].map((clicks, i) => ({ courseId: 100 + i, name: `c${i}`, clicks }));
  assert.deepEqual(courseClicksFigure(courses, '20261124', { top: 2 }).data[0]?.x, [7, 9]);
});

test('the engine share sums each engine over all courses', () => {
  const search = [
    { engine: 'www.baidu.com', courseId: 112, clicks: 10 },
    { engine: 'www.sogou.com', courseId: 112, clicks: 4 },
    { engine: 'www.baidu.com', courseId: 128, clicks: 6 },
  ];
  assert.deepEqual(clicksByEngine(search), [
    { engine: 'www.baidu.com', clicks: 16 },
    { engine: 'www.sogou.com', clicks: 4 },
  ]);
  const pie = searchShareFigure(search, '20261124').data[0];
  assert.equal(pie?.type, 'pie');
  assert.deepEqual(pie?.labels, ['www.baidu.com', 'www.sogou.com']);
  assert.deepEqual(pie?.values, [16, 4]);
});
