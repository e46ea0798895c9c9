/**
 * One web request as the course logged it: tab-separated
 *   ip \t yyyy-MM-dd HH:mm:ss \t "METHOD PATH PROTOCOL" \t status \t referer
 * e.g. 168.187.72.98	2026-11-24 12:09:16	"GET /class/112.html HTTP/1.1"	404	http://www.baidu.com/s?wd=Storm 实战
 */
export interface AccessRecord {
  ip: string;
  /** `yyyy-MM-dd HH:mm:ss`, local time as written; never converted. */
  time: string;
  method: string;
  path: string;
  protocol: string;
  status: number;
  /** null when the line has `-` (no referer). */
  referer: string | null;
}

/** Why a line is malformed: a stable code for counting, and words for people. */
export type MalformedReason = 'missing-field' | 'extra-field' | 'bad-time' | 'bad-status' | 'bad-request' | 'empty-field';

export type ParseResult = { ok: true; record: AccessRecord } | { ok: false; reason: MalformedReason; detail: string };
