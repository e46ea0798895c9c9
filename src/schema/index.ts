/**
 * The schema the whole pipeline agrees on: which lines count and how (counting-rules.ts), the search engines
 * that make a click a search click (search-engines.ts), the tables' row keys (row-keys.ts) and columns
 * (columns.ts). The generator's ground truth, the job, the dashboard and the lessons all read them from here.
 */
export { classify, courseIdOf, refererHost, MAX_ID_DIGITS, type Classification, type EngineSet } from './counting-rules';
export { SearchEngines, loadSearchEngines } from './search-engines';
export { courseRowKey, searchRowKey, parseCourseRowKey, parseSearchRowKey, dayString } from './row-keys';
export { COUNT_COLUMN, offsetColumn } from './columns';
export { SQL_TABLES, SQL_SCHEMA } from './sql-tables';
export { ALERT_COLUMN, alertRowKey, parseAlert, type Alert, type AlertKind } from './alerts';
