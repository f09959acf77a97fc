// Reads the body of POST /api/alerts: JSON in the common alert schema, targets in watched subscriptions. Returns the
// alert, or the 400 to send naming the field (the caller logs it; a malformed alert must never crash the host).
import type { HttpResponseInit } from '@azure/functions';
import { parseCommonAlert, type AlertFacts } from '../domain/detection/alert.js';

export type ParsedAlert = { readonly value: AlertFacts } | { readonly response: HttpResponseInit; readonly problem: string };

export function parseAlertBody(text: string, watchedSubscriptions: readonly string[]): ParsedAlert {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return bad('(body)', 'is not JSON');
  }
  const parsed = parseCommonAlert(body, watchedSubscriptions);
  return 'error' in parsed ? bad(parsed.error.field, parsed.error.message) : parsed;
}

function bad(field: string, message: string): ParsedAlert {
  return {
    problem: `${field}: ${message}`,
    response: { status: 400, jsonBody: { error: { code: 'InvalidAlert', field, message } } },
  };
}
