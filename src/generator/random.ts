/**
 * A small, fast, seeded PRNG (sfc32, seeded through splitmix32): the same seed gives the same sequence on
 * every machine and Node version, which is what makes generated logs and their ground truth reproducible.
 * Math.random cannot be seeded.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    let s = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
    const split = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Picks indices by weight: build once, draw many times. A draw is one float and, almost always, one table
 * lookup: the table splits [0, 1) into BUCKETS equal parts and remembers the index of each part that lies
 * inside one index's share; only a draw in a part that straddles two shares runs the binary search. Both give
 * the same index for the same draw, so a seed produces the same log as with the search alone.
 */
const BUCKETS = 4096;
const STRADDLES = 0xffff;

export class WeightedPicker {
  private readonly cumulative: Float64Array;
  private readonly table = new Uint16Array(BUCKETS);

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new RangeError('Expected at least one weight');
    if (weights.length >= STRADDLES) throw new RangeError(`Expected fewer than ${STRADDLES} weights, got ${weights.length}`);
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      if (!(w >= 0)) throw new RangeError(`Expected weights >= 0, got ${w} at ${i}`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new RangeError('Expected a positive total weight');
    for (let i = 0; i < weights.length; i++) (this.cumulative[i] as number) /= sum;
    for (let j = 0; j < BUCKETS; j++) {
      const first = this.search(j / BUCKETS);
      // Every x in [j/B, (j+1)/B) picks `first` exactly when first's share reaches the bucket's end.
      this.table[j] = (this.cumulative[first] as number) >= (j + 1) / BUCKETS ? first : STRADDLES;
    }
  }

  pick(rng: Random): number {
    const x = rng.float();
    const hit = this.table[(x * BUCKETS) | 0] as number;
    return hit !== STRADDLES ? hit : this.search(x);
  }

  /** The first index whose cumulative share exceeds x. */
  private search(x: number): number {
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
