/**
 * A random real calendar day centuries ago (`yyyy-MM-dd`, years 1200–1899) that no earlier run used (odds
 * of a repeat ~1 in 250,000). Lessons, drills and benchmarks write their lines for such a day, so the totals
 * they read back are their own even in a lab that has run for weeks, and a rerun starts clean. Past, not
 * future: the dashboard opens on the newest day with data, and these days must never push today aside.
 */
export function freshDay(random: () => number = Math.random): string {
  const year = 1200 + Math.floor(random() * 700);
  const date = new Date(Date.UTC(year, 0, 1 + Math.floor(random() * 365)));
  return date.toISOString().slice(0, 10);
}
