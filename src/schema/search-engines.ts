import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors';

/**
 * The referer hosts that make a course click a search click (data/search-engines.json), in one object that both
 * the string path (a host string) and the byte fast path (host bytes) ask, so the two cannot disagree on the list.
 *
 * Hosts compare ASCII-case-insensitively: DNS names are ASCII (internationalised names travel as punycode), and
 * Unicode lower-casing would let e.g. the Kelvin sign K stand for `k` in one path but not in the other.
 */
const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

export class SearchEngines {
  /** Lower-case hosts, in the file's order; an engine's index is its position here. */
  readonly hosts: readonly string[];
  /** The same hosts as bytes, for the fast path. */
  readonly hostBytes: readonly Uint8Array[];
  private readonly index = new Map<string, number>();

  constructor(hosts: Iterable<string>) {
    const list: string[] = [];
    for (const raw of hosts) {
      const host = raw.toLowerCase();
      if (!HOST.test(host)) throw new ConfigError(`Expected a search-engine host name such as www.baidu.com, got \`${raw}\``);
      if (this.index.has(host)) continue;
      this.index.set(host, list.length);
      list.push(host);
    }
    this.hosts = list;
    this.hostBytes = list.map((h) => Buffer.from(h, 'latin1'));
  }

  /** Index of a host that is already lower-case ASCII, or -1. */
  indexOf(host: string): number {
    return this.index.get(host) ?? -1;
  }

  has(host: string): boolean {
    return this.index.has(host);
  }

  /**
   * Index of the engine whose host equals bytes [from, to) ignoring ASCII case, or -1. A host byte outside
   * ASCII never matches, like in the string path.
   */
  indexOfBytes(b: Uint8Array, from: number, to: number): number {
    const len = to - from;
    const all = this.hostBytes;
    for (let e = 0; e < all.length; e++) {
      const h = all[e] as Uint8Array;
      if (h.length !== len) continue;
      let i = 0;
      for (; i < len; i++) {
        let c = b[from + i] as number;
        if (c >= 65 && c <= 90) c += 32; // A-Z → a-z
        if (c !== h[i]) break;
      }
      if (i === len) return e;
    }
    return -1;
  }
}

interface EnginesFile {
  engines: { host: string }[];
}

/** data/search-engines.json of the checkout at `projectRoot`. */
export function loadSearchEngines(projectRoot: string): SearchEngines {
  const file = path.join(projectRoot, 'data', 'search-engines.json');
  let raw: EnginesFile;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8')) as EnginesFile;
  } catch (err) {
    throw new ConfigError(`Cannot read the search-engine list ${file}`, { cause: err, hint: 'Restore it from git: `git checkout data/search-engines.json`.' });
  }
  if (!Array.isArray(raw.engines) || raw.engines.some((e) => typeof e?.host !== 'string')) {
    throw new ConfigError(`Expected ${file} to hold {"engines": [{"host": "www.baidu.com", …}, …]}`);
  }
  return new SearchEngines(raw.engines.map((e) => e.host));
}
