/**
 * A two-level index, day (yyyyMMdd as a number) → course id → T, remembering the last day: a micro-batch's lines
 * are nearly all of one or two days, so the common lookup is a single Map.get on a small integer — cheaper than
 * building a row-key string per line and hashing it.
 */
export class ByDayCourse<T> {
  private readonly days = new Map<number, Map<number, T>>();
  private lastDay = -1;
  private lastCourses: Map<number, T> | undefined;
  /** Entries held, over all days. */
  size = 0;

  constructor(private readonly make: (day: number, courseId: number) => T) {}

  get(day: number, courseId: number): T {
    let courses = this.lastCourses;
    if (day !== this.lastDay || courses === undefined) {
      courses = this.days.get(day);
      if (courses === undefined) {
        courses = new Map();
        this.days.set(day, courses);
      }
      this.lastDay = day;
      this.lastCourses = courses;
    }
    let v = courses.get(courseId);
    if (v === undefined) {
      v = this.make(day, courseId);
      courses.set(courseId, v);
      this.size++;
    }
    return v;
  }

  /** Every entry as [day, courseId, value], days and courses in insertion order. */
  *entries(): IterableIterator<[number, number, T]> {
    for (const [day, courses] of this.days) for (const [courseId, v] of courses) yield [day, courseId, v];
  }

  clear(): void {
    this.days.clear();
    this.lastDay = -1;
    this.lastCourses = undefined;
    this.size = 0;
  }
}
