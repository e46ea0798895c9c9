export { generateBulk, type BulkOptions } from './bulk';
export { generateLive, type LiveOptions } from './live';
export { readTruth, writeTruth, TruthCounter, type TruthSummary } from './truth';
export { Random, WeightedPicker } from './random';
export { LineModel } from './model';
export { loadCatalog, type Course, type Engine } from './catalog';
export { dayRange } from './days';
export { generateTimeline, type TimelineOptions, type TimelineTruth } from './timeline';
export { planIncidents, SHORT_INCIDENTS, USUAL_INCIDENTS, type IncidentLengths, type Incident, type BotIncident, type ErrorBurstIncident, type IncidentKind } from './incidents';
