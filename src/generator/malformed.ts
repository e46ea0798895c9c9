import type { Random } from './random';

/**
 * Malformed lines of the kinds real logs contain. Each is malformed by construction (the truth counts it as
 * malformed without asking the parser): a truncation always cuts before the 4th tab, garbage has no tab.
 */
export const MALFORMED_KINDS = ['missing-field', 'bad-time', 'bad-status', 'bad-request', 'truncated', 'garbage'] as const;

const BAD_TIMES = ['2026-02-30 10:00:00', '2026-13-01 00:00:00', '2026-11-24 24:00:00', '2026-11-24 12:61:00', '24/Nov/2026:12:00:00', '2026-11-24'];
const BAD_STATUSES = ['abc', '2OO', '-', '20', '2000', '404x'];
const BAD_REQUESTS = ['"GET /class/112.html"', '"/class/112.html HTTP/1.1"', 'GET', '"get /class/112.html HTTP/1.1"', '"GET class/112.html HTTP/1.1"', '"GET /class/112.html FTP/1.0"'];

/** `good` is a well-formed line; returns a malformed variant of it. */
export function malformedLine(good: string, rng: Random): string {
  const fields = good.split('\t');
  const kind = MALFORMED_KINDS[rng.int(MALFORMED_KINDS.length)] as (typeof MALFORMED_KINDS)[number];
  const pick = (list: readonly string[]) => list[rng.int(list.length)] as string;
  switch (kind) {
    case 'missing-field':
      fields.splice(rng.int(fields.length), 1);
      return fields.join('\t');
    case 'bad-time':
      fields[1] = pick(BAD_TIMES);
      return fields.join('\t');
    case 'bad-status':
      fields[3] = pick(BAD_STATUSES);
      return fields.join('\t');
    case 'bad-request':
      fields[2] = pick(BAD_REQUESTS);
      return fields.join('\t');
    case 'truncated': {
      // Cut somewhere before the 4th tab: at most 4 fields remain.
      const cutBefore = good.split('\t', 4).join('\t').length;
      return good.slice(0, 1 + rng.int(Math.max(1, cutBefore - 1)));
    }
    case 'garbage': {
      let s = '';
      const len = 1 + rng.int(80);
      for (let i = 0; i < len; i++) {
        const c = 32 + rng.int(95); // printable ASCII: no tab, no newline
        s += String.fromCharCode(c);
      }
      return s;
    }
  }
}
