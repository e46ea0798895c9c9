import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { LabConfig } from '../config';
import { describe } from '../errors';
import type { HBaseClient } from '../hbase';
import { pipelineMetrics } from './pipeline-metrics';
import { checkDay, courseClicks, listDays, loadCourseNames, searchClicks } from './queries';
import type { Pool } from 'mariadb';
import { sqlEndpointFor, sqlPool } from '../sql';
import { hbaseTotals, isStoreName, parseStoreName, sqlTotals, STORE_NAMES, type ClickTotals, type StoreName } from '../stores';
import { HBASE_JOB, SQL_JOB } from '../stream/workers';
import { liveAlerts } from './alerts';

/**
 * The live dashboard: one page and a small JSON API over either store, on 127.0.0.1 only. Every API path takes
 * `store=hbase|sql` (default hbase): the same JSON from HBase or from the relational store (issue #17), and the
 * metrics of the job that writes that store.
 *   GET /api/days                 days with data, newest first
 *   GET /api/courses?day=yyyyMMdd [{courseId, name, clicks}]
 *   GET /api/search?day=yyyyMMdd  [{engine, courseId, clicks}]
 *   GET /api/metrics              the pipeline's health figures
 *   GET /api/alerts               the detector's state and its newest alerts (issue #19)
 *   GET /api/events?day=yyyyMMdd  Server-Sent Events: {metrics, courses, search, alerts[, panel]} every second
 *   GET /api/panel?day=yyyyMMdd   the extra panel's {title, rows} (404 without one)
 * Static files come only from public/ and plotly.js from its npm package; nothing else is served.
 */
export interface DashboardOptions {
  cfg: LabConfig;
  /** The HBase client to read with, asked per request (the dashboard serves its page while HBase starts). */
  hbase: () => Promise<HBaseClient>;
  port?: number;
  host?: string;
  /** SSE push interval. */
  intervalMs?: number;
  /** An extra panel (lesson 08 plugs in one the learner wrote): served at /api/panel and pushed with the rest. */
  panel?: DashboardPanel;
  /** The relational store's totals; by default a small pool to the lab's database, opened on first use. */
  sql?: () => Promise<ClickTotals>;
}

/** A small table on the page: a title and labelled numbers for the day, read when the page asks. */
export interface DashboardPanel {
  title: string;
  rows: (hbase: HBaseClient, day: string) => Promise<{ label: string; value: number }[]>;
}

const PUBLIC = path.join(__dirname, '..', '..', '..', 'src', 'dashboard', 'public');
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: path.join(PUBLIC, 'index.html'), type: 'text/html; charset=utf-8' },
  '/app.js': { file: path.join(PUBLIC, 'app.js'), type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: path.join(PUBLIC, 'style.css'), type: 'text/css; charset=utf-8' },
  // Served from the installed package: the page works with no internet.
  '/vendor/plotly.min.js': { file: require.resolve('plotly.js-dist-min'), type: 'text/javascript; charset=utf-8' },
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

class BadRequest extends Error {}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
}

function storeParam(url: URL): StoreName {
  const store = parseStoreName(url.searchParams.get('store'));
  if (!isStoreName(store)) throw new BadRequest(`Expected store=${STORE_NAMES.join(' or ')}, got \`${store}\``);
  return store;
}

/** The lab's relational store, pooled on first use (a dashboard that is never asked for it never connects). */
function lazySqlTotals(cfg: LabConfig): { get: () => Promise<ClickTotals>; close: () => void } {
  let pool: Pool | undefined;
  let closed = false;
  return {
    get: async () => {
      // A request still in flight when the server closed must not open a pool nobody ends.
      if (closed) throw new Error('the dashboard is closing');
      return sqlTotals((pool ??= sqlPool(sqlEndpointFor(cfg), 2)));
    },
    close: () => {
      closed = true;
      void pool?.end().catch(() => undefined);
    },
  };
}

function dayParam(url: URL): string {
  const day = url.searchParams.get('day');
  const ok = checkDay(day);
  if (ok !== true) throw new BadRequest(ok);
  return day as string;
}

export function createDashboard(opts: DashboardOptions): http.Server {
  const { cfg, hbase } = opts;
  const names = loadCourseNames(cfg);
  const intervalMs = opts.intervalMs ?? 1000;
  const ownSql = opts.sql ? undefined : lazySqlTotals(cfg);
  const sql = opts.sql ?? (ownSql as { get: () => Promise<ClickTotals> }).get;
  const totals = async (store: StoreName): Promise<ClickTotals> => (store === 'hbase' ? hbaseTotals(await hbase(), cfg) : sql());
  const metrics = (store: StoreName) => pipelineMetrics(cfg, store === 'hbase' ? HBASE_JOB : SQL_JOB);

  const panel = opts.panel;
  const panelFor = async (day: string) => (panel ? { title: panel.title, rows: await panel.rows(await hbase(), day) } : undefined);

  const snapshot = async (store: StoreName, day: string | null) => ({
    metrics: metrics(store),
    courses: day ? await courseClicks(await totals(store), cfg, day, names) : [],
    search: day ? await searchClicks(await totals(store), cfg, day) : [],
    alerts: await liveAlerts(cfg, hbase),
    ...(panel && day ? { panel: await panelFor(day) } : {}),
  });

  const api: Record<string, (url: URL) => Promise<unknown>> = {
    '/api/days': async (url) => listDays(await totals(storeParam(url)), cfg),
    '/api/courses': async (url) => courseClicks(await totals(storeParam(url)), cfg, dayParam(url), names),
    '/api/search': async (url) => searchClicks(await totals(storeParam(url)), cfg, dayParam(url)),
    '/api/metrics': async (url) => metrics(storeParam(url)),
    '/api/alerts': async () => liveAlerts(cfg, hbase),
  };
  if (panel) api['/api/panel'] = async (url) => panelFor(dayParam(url));

  const events = (url: URL, req: http.IncomingMessage, res: http.ServerResponse) => {
    const day = url.searchParams.has('day') ? dayParam(url) : null;
    const store = storeParam(url);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', ...SECURITY_HEADERS });
    let busy = false;
    const push = async () => {
      if (busy) return; // a slow HBase never piles up overlapping scans
      busy = true;
      try {
        res.write(`data: ${JSON.stringify(await snapshot(store, day))}\n\n`);
      } catch (err) {
        res.write(`event: problem\ndata: ${JSON.stringify({ error: describe(err) })}\n\n`);
      } finally {
        busy = false;
      }
    };
    void push();
    const timer = setInterval(() => void push(), intervalMs);
    req.on('close', () => clearInterval(timer));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: `${req.method} is not supported; use GET` });
    const file = STATIC[url.pathname];
    if (file) {
      res.writeHead(200, { 'Content-Type': file.type, ...SECURITY_HEADERS });
      return fs.createReadStream(file.file).pipe(res);
    }
    if (url.pathname === '/api/events') {
      try {
        return events(url, req, res);
      } catch (err) {
        return send(res, 400, { error: describe(err) });
      }
    }
    const handler = api[url.pathname];
    if (!handler) return send(res, 404, { error: `no such page: ${url.pathname}` });
    // Through a promise, so that a bad parameter thrown synchronously still becomes a 400, not a hung request.
    Promise.resolve(url).then(handler).then(
      (body) => send(res, 200, body),
      (err: unknown) => send(res, err instanceof BadRequest ? 400 : 503, { error: describe(err) }),
    );
  });
  server.on('close', () => ownSql?.close());
  return server;
}

export function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}
