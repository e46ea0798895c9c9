import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { Random, type BotIncident, type Incident } from '../generator';
import { parseLine } from '../logformat';
import type { EngineSet } from '../schema';
import { foldIp, ipFeatures, newIpWindow, windowMeans, type IpWindow, type SeenLine } from './features';
import { seenLine } from './seen-line';
import { DETECTOR_WINDOWS, SlidingWindows, Watermark, type ClosedWindow, type WindowSpec } from './windows';

/** Feature rows of a history's IP windows, labelled 1 for a bot's, 0 for a person's. */
export interface LabelledRows {
  x: number[][];
  y: number[];
  /** Windows closed, and those left out: a bot's windows that overlap it by less than MIN_BOT_OVERLAP_MS. */
  windows: number;
  ambiguous: number;
  /** People's windows left out by sampling (peopleShare). */
  sampledOut: number;
}

/**
 * The share of people's windows kept as rows. Training uses at most a few per bot window (bot-model.ts balances),
 * and a history has hundreds of thousands: keeping them all only costs memory.
 */
export const PEOPLE_SHARE = 0.05;

/**
 * A bot's window is trained on as one once the bot ran for this much of it. Windows with only a few seconds of a
 * bot look like a person's: labelled "bot", they teach the forest to suspect people.
 */
export const MIN_BOT_OVERLAP_MS = 5_000;

/** The well-formed lines of a time-ordered file, as the detector reads them (malformed ones are skipped). */
export async function* historyLines(file: string, engines: EngineSet): AsyncGenerator<SeenLine> {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const r = parseLine(line);
    if (r.ok) yield seenLine(r.record, engines);
  }
}

/**
 * 1 when the window's IP is a bot's and the bot ran for at least `minOverlapMs` of the window, 0 when the IP is no
 * bot's, null (left out of training) in between.
 */
export function botLabel(window: { key: string; start: number; end: number }, bots: ReadonlyMap<string, BotIncident>, minOverlapMs: number): 0 | 1 | null {
  const bot = bots.get(window.key);
  if (!bot) return 0;
  const overlap = Math.min(window.end, bot.end) - Math.max(window.start, bot.start);
  return overlap >= minOverlapMs ? 1 : overlap <= 0 ? 0 : null;
}

/**
 * The IP windows of a time-ordered history (one stream: the watermark follows its newest line), each as the
 * detector would see it (the same windows, features and means), labelled by the history's incidents.
 */
export async function labelledRows(
  lines: AsyncIterable<SeenLine> | Iterable<SeenLine>,
  incidents: readonly Incident[],
  opts: { spec?: WindowSpec; minOverlapMs?: number; peopleShare?: number; seed?: string } = {},
): Promise<LabelledRows> {
  const spec = opts.spec ?? DETECTOR_WINDOWS;
  const minOverlapMs = opts.minOverlapMs ?? MIN_BOT_OVERLAP_MS;
  const peopleShare = opts.peopleShare ?? PEOPLE_SHARE;
  const sample = new Random(`people/${opts.seed ?? 'rows'}`);
  const bots = new Map(incidents.flatMap((i) => (i.kind === 'bot' ? [[i.ip, i] as const] : [])));
  const windows = new SlidingWindows<IpWindow>(spec, newIpWindow);
  const watermark = new Watermark(spec.latenessMs);
  const out: LabelledRows = { x: [], y: [], windows: 0, ambiguous: 0, sampledOut: 0 };
  const take = (closed: ClosedWindow<IpWindow>[]) => {
    const means = windowMeans(closed);
    for (const c of closed) {
      out.windows++;
      const label = botLabel(c, bots, minOverlapMs);
      if (label === null) out.ambiguous++;
      else if (label === 0 && sample.float() >= peopleShare) out.sampledOut++;
      else {
        out.x.push(ipFeatures(c.acc, means.get(c.start) as number));
        out.y.push(label);
      }
    }
  };
  for await (const line of lines) {
    watermark.observe(0, line.t);
    windows.add(line.ip, line.t, (w) => foldIp(w, line));
    take(windows.closeReady(watermark.value([0])));
  }
  take(windows.closeReady(Infinity));
  return out;
}
