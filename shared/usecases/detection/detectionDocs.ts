// The detectors' state documents, typed (shared/state): the job watch's watermark, and the job logs detector's
// watermark with the threshold breaches in force. Version 1; documents written before versions existed (the same
// fields, no `version`) are read as version 1.
import { z } from 'zod';
import type { DocumentType } from '../../state/index.js';

const iso = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time');
const addVersion = (v: Record<string, unknown>): unknown => ({ ...v, version: 1 });

export interface JobWatchState {
  readonly version: 1;
  readonly watermark: string;
}

export const JOB_WATCH_DOC: DocumentType<JobWatchState> = {
  name: 'job watch watermark',
  version: 1,
  schema: z.looseObject({ version: z.literal(1), watermark: iso }),
  migrate: addVersion,
};

export interface JobLogsState {
  readonly version: 1;
  readonly watermark: string;
  /** Breaches in force: breachKey → when first seen. */
  readonly active: Readonly<Record<string, string>>;
}

export const JOB_LOGS_DOC: DocumentType<JobLogsState> = {
  name: 'job logs watermark',
  version: 1,
  schema: z.looseObject({ version: z.literal(1), watermark: iso, active: z.record(z.string(), iso).default({}) }),
  migrate: addVersion,
};
