/**
 * What the detector knows of a window (issue #19): per IP, how it browsed; per course, how its requests were
 * answered. Accumulators are plain data (a snapshot of the detector's state is JSON), folded one line at a time.
 */

/** One well-formed line, as the detector reads it. */
export interface SeenLine {
  ip: string;
  /** Event time, ms (windows.ts eventTimeMs). */
  t: number;
  /** The course of a course page, else null. */
  courseId: number | null;
  status: number;
  referer: 'none' | 'search' | 'site';
}

export interface IpWindow {
  requests: number;
  coursePages: number;
  /** Distinct course ids, sorted. */
  courses: number[];
  noReferer: number;
  searchReferer: number;
  errors: number;
  /** Distinct seconds with a request. */
  seconds: number[];
}

export const newIpWindow = (): IpWindow => ({ requests: 0, coursePages: 0, courses: [], noReferer: 0, searchReferer: 0, errors: 0, seconds: [] });

/** Inserts `v` into the sorted array `a` unless it is there. */
function addSorted(a: number[], v: number): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  if (a[lo] !== v) a.splice(lo, 0, v);
}

export function foldIp(w: IpWindow, line: SeenLine): void {
  w.requests++;
  if (line.courseId !== null) {
    w.coursePages++;
    addSorted(w.courses, line.courseId);
  }
  if (line.referer === 'none') w.noReferer++;
  else if (line.referer === 'search') w.searchReferer++;
  if (line.status >= 500) w.errors++;
  addSorted(w.seconds, Math.floor(line.t / 1000));
}

/**
 * The features of an IP's window, in the order the model is trained on. `requestsToMean` is its requests over the
 * mean of all IPs in the same window: unlike the raw count, it does not grow with the site's traffic, so a model
 * trained on a quieter history still reads a busier day.
 */
export const IP_FEATURES = ['requests', 'requestsToMean', 'coursePageShare', 'distinctCourses', 'distinctCourseShare', 'noRefererShare', 'searchRefererShare', 'activeSeconds', 'requestsPerActiveSecond'] as const;

/** `meanRequests`: the mean requests per IP of the window's IPs (windowMeans). */
export function ipFeatures(w: IpWindow, meanRequests: number): number[] {
  const share = (n: number) => (w.requests === 0 ? 0 : n / w.requests);
  return [
    w.requests,
    meanRequests > 0 ? w.requests / meanRequests : 0,
    share(w.coursePages),
    w.courses.length,
    w.coursePages === 0 ? 0 : w.courses.length / w.coursePages,
    share(w.noReferer),
    share(w.searchReferer),
    w.seconds.length,
    w.seconds.length === 0 ? 0 : w.requests / w.seconds.length,
  ];
}

/** Per window start, the mean requests of its IPs: windows.ts closes all of a start's windows at once. */
export function windowMeans(closed: readonly { start: number; acc: IpWindow }[]): Map<number, number> {
  const sums = new Map<number, { requests: number; ips: number }>();
  for (const c of closed) {
    const s = sums.get(c.start) ?? { requests: 0, ips: 0 };
    s.requests += c.acc.requests;
    s.ips++;
    sums.set(c.start, s);
  }
  return new Map([...sums].map(([start, s]) => [start, s.requests / s.ips]));
}

export interface CourseWindow {
  requests: number;
  errors: number;
}

export const newCourseWindow = (): CourseWindow => ({ requests: 0, errors: 0 });

export function foldCourse(w: CourseWindow, line: SeenLine): void {
  w.requests++;
  if (line.status >= 500) w.errors++;
}

/** A course's 5xx share in a window (0 with no requests). */
export const errorShare = (w: CourseWindow) => (w.requests === 0 ? 0 : w.errors / w.requests);
