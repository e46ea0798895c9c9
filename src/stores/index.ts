export { isStoreName, parseStoreName, STORE_NAMES, type ClickTotals, type CourseTotal, type SearchTotal, type StoreName } from './totals';
export { daysBetween, hbaseTotals, totalsOf } from './hbase-totals';
export { sqlTotals } from './sql-totals';
export { compareStores, dayRows, diffRows, type RowDifference, type StoreComparison } from './compare';
export { openStore, type OpenStore } from './open';
