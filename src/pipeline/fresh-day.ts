/**
 * A random real calendar day far in the future (`yyyy-MM-dd`), that no earlier run used (with odds of
 * ~1 in 250,000): lessons, drills and benchmarks write their lines for such a day, so the totals they read
 * back are their own even in a lab that has run for weeks — and a rerun starts clean.
 */
export function freshDay(random: () => number = Math.random): string {
  const year = 2200 + Math.floor(random() * 700);
  const date = new Date(Date.UTC(year, 0, 1 + Math.floor(random() * 365)));
  return date.toISOString().slice(0, 10);
}
