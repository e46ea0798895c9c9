import type { LiveAlerts } from './alerts';
import type { LabConfig } from '../config';
import { LabError } from '../errors';
import type { PipelineMetrics } from './pipeline-metrics';
import type { CourseClicks, SearchClicks } from './queries';

/**
 * The running dashboard's HTTP API, from Node (lesson 08 and scripts): what the page itself fetches.
 * The dashboard is served on 127.0.0.1 (see `dashboardUrl`); `lab up` starts it.
 */
const base = (cfg: LabConfig) => `http://127.0.0.1:${cfg.ports.dashboard}`;

const unreachable = (cfg: LabConfig, err: unknown) =>
  new LabError(`The dashboard at ${base(cfg)}/ does not answer`, {
    cause: err,
    hint: 'Is the lab up? `npx lab status` shows the dashboard; `npx lab up` starts it.',
    retriable: true,
  });

/** GET an API path (`/api/days`, `/api/courses?day=…`); a non-2xx answer throws with the API's own message. */
export async function dashboardGet<T>(cfg: LabConfig, pathAndQuery: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${base(cfg)}${pathAndQuery}`, { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw unreachable(cfg, err);
  }
  const body = (await res.json()) as T | { error?: string };
  if (!res.ok) {
    throw new LabError(`The dashboard answered ${pathAndQuery} with HTTP ${res.status}: ${(body as { error?: string }).error ?? 'no message'}`, {
      hint: res.status === 400 ? 'Fix the request as the message says.' : 'See `npx lab logs dashboard`.',
    });
  }
  return body as T;
}

export interface DashboardEvent {
  metrics: PipelineMetrics;
  courses: CourseClicks[];
  search: SearchClicks[];
  /** The detector's state and newest alerts (issue #19). */
  alerts: LiveAlerts;
}

/**
 * The next Server-Sent Event the page would receive for `day` (`/api/events`, pushed once a second): opens
 * the stream, reads until the first `data:` message, closes it.
 */
export async function nextDashboardEvent(cfg: LabConfig, day?: string, timeoutMs = 10_000): Promise<DashboardEvent> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(`${base(cfg)}/api/events${day ? `?day=${encodeURIComponent(day)}` : ''}`, { signal: controller.signal });
    if (!res.ok || !res.body) throw new LabError(`The dashboard's event stream answered HTTP ${res.status}`, { hint: 'See `npx lab logs dashboard`.' });
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const message = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const lines = message.split('\n');
        const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (lines.some((l) => l === 'event: problem')) throw new LabError(`The dashboard reported a problem: ${data}`, { hint: 'See `npx lab logs dashboard`.' });
        if (data) return JSON.parse(data) as DashboardEvent;
      }
    }
    throw new LabError('The dashboard closed its event stream before sending an event', { hint: 'See `npx lab logs dashboard`.' });
  } catch (err) {
    if (err instanceof LabError) throw err;
    throw unreachable(cfg, err);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
