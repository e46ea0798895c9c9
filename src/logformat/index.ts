export type { AccessRecord, MalformedReason, ParseResult } from './types';
export { formatLine, formatRequest, formatReferer, FIELD_SEPARATOR } from './format';
export { parseLine, parseRequest } from './parse';
export { isCalendarTime, dayKey, daysInMonth, formatLocalTime, eventTimeMs, formatEventTime } from './time';
