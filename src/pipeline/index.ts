export { freshDay } from './fresh-day';
export { percentile } from './percentile';
export { dayTotal, probeFreshness, measureFreshness, type ProbeResult, type ProbeOptions, type SteadyFreshness } from './freshness';
export { shipDay, type ShippedDay, type ShipDayOptions } from './ship-day';
