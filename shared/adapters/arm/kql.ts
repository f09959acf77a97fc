// KQL literals for the Resource Graph and Log Analytics queries. ARM ids and Azure's status words hold no quotes, but
// a value is never put into a query unescaped.
import { JOB_STATUS_WORDS, NOT_ENDED_WORDS, type JobPhase } from '../../domain/azureWords.js';

export const lit = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** `'a', 'b'`: the inside of an `in~ (…)` list. */
export const litList = (words: readonly string[]): string => words.map(lit).join(', ');

/** Every spelling of these phases (shared/domain/azureWords.ts), for `status in~ (…)`. */
export const statusWords = (...phases: Exclude<JobPhase, 'unsettled'>[]): string => litList(phases.flatMap((p) => JOB_STATUS_WORDS[p]));

/** Statuses of jobs that have not ended, for `status !in~ (…)`. */
export const notEndedWords = (): string => litList(NOT_ENDED_WORDS);
