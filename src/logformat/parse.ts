import { isCalendarTime } from './time';
import type { AccessRecord, MalformedReason, ParseResult } from './types';

/**
 * Parses one line. Never throws: anything that is not a well-formed request line is malformed, with a reason.
 * Accepts the variants of the course's public re-implementations: the time in square brackets, the request
 * and the referer in double quotes (or not), `-` for no referer, unencoded spaces and Chinese text in the
 * path's or referer's query string, and a trailing `\r`.
 */
const QUOTE = 34;

function bad(reason: MalformedReason, detail: string): ParseResult {
  return { ok: false, reason, detail };
}

/** Strips one pair of surrounding `open`/`close` characters. */
function unwrap(s: string, open: number, close: number): string {
  return s.length >= 2 && s.charCodeAt(0) === open && s.charCodeAt(s.length - 1) === close ? s.slice(1, -1) : s;
}

function isMethod(s: string): boolean {
  if (s.length === 0 || s.length > 16) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 65 || c > 90) return false; // A-Z
  }
  return true;
}

/** HTTP/1.0, HTTP/1.1, HTTP/2, HTTP/2.0, HTTP/3 */
function isProtocol(s: string): boolean {
  if (!s.startsWith('HTTP/')) return false;
  const v = s.slice(5);
  const d = (i: number) => v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57;
  return (v.length === 1 && d(0)) || (v.length === 3 && d(0) && v.charCodeAt(1) === 46 && d(2));
}

export function parseRequest(field: string): { method: string; path: string; protocol: string } | undefined {
  const req = unwrap(field, QUOTE, QUOTE);
  const first = req.indexOf(' ');
  const last = req.lastIndexOf(' ');
  if (first <= 0 || last <= first) return undefined;
  const method = req.slice(0, first);
  const path = req.slice(first + 1, last);
  const protocol = req.slice(last + 1);
  if (!isMethod(method) || !isProtocol(protocol) || path.charCodeAt(0) !== 47) return undefined; // path starts with /
  return { method, path, protocol };
}

export function parseLine(input: string): ParseResult {
  const line = input.charCodeAt(input.length - 1) === 13 ? input.slice(0, -1) : input;
  const t1 = line.indexOf('\t');
  const t2 = t1 < 0 ? -1 : line.indexOf('\t', t1 + 1);
  const t3 = t2 < 0 ? -1 : line.indexOf('\t', t2 + 1);
  const t4 = t3 < 0 ? -1 : line.indexOf('\t', t3 + 1);
  if (t4 < 0) return bad('missing-field', 'expected 5 tab-separated fields (ip, time, request, status, referer)');
  if (line.indexOf('\t', t4 + 1) >= 0) return bad('extra-field', 'more than 5 tab-separated fields');

  const ip = line.slice(0, t1);
  const time = unwrap(line.slice(t1 + 1, t2), 91, 93); // [ ]
  const request = line.slice(t2 + 1, t3);
  const statusText = line.slice(t3 + 1, t4);
  const refererText = unwrap(line.slice(t4 + 1), QUOTE, QUOTE);
  if (ip.length === 0 || request.length === 0 || statusText.length === 0 || refererText.length === 0) {
    return bad('empty-field', 'a field is empty (use `-` for no referer)');
  }
  if (time.length !== 19 || !isCalendarTime(time)) return bad('bad-time', `\`${time.slice(0, 40)}\` is not a real yyyy-MM-dd HH:mm:ss`);
  let status = 0;
  for (let i = 0; i < statusText.length; i++) {
    const c = statusText.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || i >= 3) return bad('bad-status', `status \`${statusText.slice(0, 20)}\` is not a 3-digit number`);
    status = status * 10 + c;
  }
  if (statusText.length !== 3) return bad('bad-status', `status \`${statusText}\` is not a 3-digit number`);
  const req = parseRequest(request);
  if (!req) return bad('bad-request', `request \`${request.slice(0, 60)}\` is not METHOD PATH PROTOCOL`);
  const record: AccessRecord = { ip, time, ...req, status, referer: refererText === '-' ? null : refererText };
  return { ok: true, record };
}
