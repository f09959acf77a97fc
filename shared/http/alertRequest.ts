// Reads the body of POST /api/alerts: JSON (415 otherwise) of at most MAX_ALERT_BYTES (413), in the common alert
// schema, targets in watched subscriptions. Returns the alert, or the 4xx to send naming the field (the caller logs
// it; a malformed alert must never crash the host, and never reaches Azure).
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { MAX_ALERT_DEPTH, parseCommonAlert, type AlertFacts, type AlertLimits } from '../domain/detection/alert.js';
import { readJsonBody } from './jsonBody.js';

export type ParsedAlert = { readonly value: AlertFacts } | { readonly response: HttpResponseInit; readonly problem: string };

/**
 * Azure Monitor's common-schema notifications are a few kilobytes (log alerts link to their results rather than
 * carry them); 1 MiB leaves room for any real one and bounds what a caller can make the worker buffer and walk.
 */
export const MAX_ALERT_BYTES = 1024 * 1024;

export async function readAlertRequest(request: HttpRequest, limits: AlertLimits): Promise<ParsedAlert> {
  const body = await readJsonBody(request, { maxBytes: MAX_ALERT_BYTES, maxDepth: MAX_ALERT_DEPTH });
  if ('response' in body) return body;
  const parsed = parseCommonAlert(body.value, limits);
  return 'error' in parsed ? bad(parsed.error.field, parsed.error.message) : parsed;
}

function bad(field: string, message: string): ParsedAlert {
  return {
    problem: `${field}: ${message}`,
    response: { status: 400, jsonBody: { error: { code: 'InvalidAlert', field, message } } },
  };
}
