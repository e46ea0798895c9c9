/** Self-checking exercises: stubs throw MissingSolutionError, check cells run the learner's code through check(). */
export { MissingSolutionError, CheckFailedError, type CheckFailure } from './errors';
export { check, verdict, exerciseFile } from './check';
