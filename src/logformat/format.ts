import type { AccessRecord } from './types';

/** Fields are separated by one TAB; the request is quoted because it contains spaces. */
export const FIELD_SEPARATOR = '\t';

export function formatRequest(method: string, path: string, protocol: string): string {
  return `"${method} ${path} ${protocol}"`;
}

/** `-` stands for "no referer". */
export function formatReferer(referer: string | null): string {
  return referer ?? '-';
}

/** The canonical line (no trailing newline): what the generator writes and the parser reads back. */
export function formatLine(r: AccessRecord): string {
  return [r.ip, r.time, formatRequest(r.method, r.path, r.protocol), String(r.status), formatReferer(r.referer)].join(FIELD_SEPARATOR);
}
