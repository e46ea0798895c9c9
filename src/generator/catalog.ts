import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What the generator draws from, and why the shares look the way they do. The numbers mimic a course site
 * like the one the course logged: most traffic lands on course pages, a few courses are far more popular
 * than the rest (Zipf-like: the n-th course in data/courses.json gets weight 1/n^0.9), most visitors arrive
 * with no referer or from a search engine (Baidu first, as in the course's Chinese traffic), and most
 * requests succeed.
 */
export interface Course {
  id: number;
  name: string;
}
export interface Engine {
  host: string;
  share: number;
  searchPath: string;
}

export const COURSE_PAGE_SHARE = 0.7;
export const OTHER_PAGES = ['/video/sql.mp4', '/learn/821', '/course/list', '/index.html', '/article/2048', '/class/list.html', '/search?q=spark'];
export const REFERER_SHARES = { none: 0.4, search: 0.45, site: 0.15 };
export const OTHER_SITES = ['https://weibo.com/u/1863', 'https://www.zhihu.com/question/77', 'http://blog.csdn.net/big-data', 'https://map.baidu.com/?q=office'];
export const STATUSES = [
  { status: 200, share: 0.86 },
  { status: 404, share: 0.07 },
  { status: 500, share: 0.03 },
  { status: 304, share: 0.04 },
];
export const METHODS = [
  { method: 'GET', share: 0.95 },
  { method: 'POST', share: 0.05 },
];
/** Search keywords, with the unencoded spaces and Chinese text real referers carry. */
export const KEYWORDS = ['Spark SQL 实战', 'Hadoop基础', 'Storm 实战', 'kafka教程', 'hbase rowkey', 'flume taildir', '大数据 入门', 'Flink'];

export function loadCatalog(projectRoot: string): { courses: Course[]; engines: Engine[] } {
  const courses = JSON.parse(fs.readFileSync(path.join(projectRoot, 'data', 'courses.json'), 'utf8')) as Course[];
  const engines = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'data', 'search-engines.json'), 'utf8')) as { engines: Engine[] }).engines;
  return { courses, engines };
}

export function coursePopularity(count: number): number[] {
  return Array.from({ length: count }, (_, i) => 1 / (i + 1) ** 0.9);
}
