// The Event Grid trigger's webhook as the Functions host exposes it:
//   POST /runtime/webhooks/eventgrid?functionName=<fn>   (the `code` system key is not checked locally)
// Mirrors the extension's HttpRequestProcessor: `aeg-event-type` SubscriptionValidation → { validationResponse },
// Notification → a JSON array (EventGrid or CloudEvents batch) or one CloudEvent object, one invocation per event,
// 202 when all succeed, 500 when any failed (so Event Grid retries the delivery); Unsubscribe → 202; otherwise 400.
// Difference: the extension runs a batch's events in parallel; here they run one after another, in order.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { trigger, type EventGridFunctionOptions } from '@azure/functions';
import type { Invoker } from './invocation.js';
import { readBody, sendJson, sendText } from './httpMessages.js';

export interface EventGridDeps {
  findFunction(name: string): [string, EventGridFunctionOptions<unknown>] | undefined;
  invoker: Invoker;
}

export async function handleEventGridWebhook(req: IncomingMessage, res: ServerResponse, url: URL, deps: EventGridDeps): Promise<void> {
  // CloudEvents abuse-protection handshake (HTTP webhook spec §4): allow the origin that asked, any rate.
  if (req.method === 'OPTIONS') {
    const origin = req.headers['webhook-request-origin'];
    if (typeof origin !== 'string' || origin === '') return sendText(res, 400, 'Missing WebHook-Request-Origin header.');
    res.writeHead(200, { 'WebHook-Allowed-Origin': origin, 'WebHook-Allowed-Rate': '*', Allow: 'POST, OPTIONS' }).end();
    return;
  }
  if (req.method !== 'POST') return sendText(res, 405, 'Method not allowed.', { Allow: 'POST, OPTIONS' });

  const requested = url.searchParams.get('functionName') ?? '';
  const found = deps.findFunction(requested);
  if (!found) return sendText(res, 404, `cannot find function: '${requested}'`);
  const [functionName, options] = found;

  let payload: unknown;
  try {
    payload = JSON.parse((await readBody(req)).toString('utf8'));
  } catch {
    return sendText(res, 400, 'The request content is not valid JSON.');
  }

  const eventType = String(req.headers['aeg-event-type'] ?? '').toLowerCase();
  if (eventType === 'subscriptionvalidation') {
    const code = validationCode(payload);
    if (code === undefined) return sendText(res, 400, 'No data.validationCode in the SubscriptionValidation event.');
    return sendJson(res, 200, { validationResponse: code });
  }
  if (eventType === 'unsubscribe') return sendText(res, 202, '');
  if (eventType !== 'notification') return sendText(res, 400, 'Missing or unknown aeg-event-type header.');

  if (payload === null || typeof payload !== 'object') {
    return sendText(res, 400, 'The request content should be a JSON object or array.');
  }
  const events: unknown[] = Array.isArray(payload) ? payload : [payload];
  const failures: string[] = [];
  for (const event of events) {
    try {
      await deps.invoker.invoke(
        { functionName, reason: 'EventGrid trigger fired', traceParent: traceParentOf(event), options: { trigger: trigger.eventGrid({}) } },
        (context) => options.handler(event, context),
      );
    } catch (err) {
      failures.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (failures.length > 0) return sendText(res, 500, failures[0] ?? 'Function failed.');
  return sendText(res, 202, '');
}

/** EventGrid schema: [{ data: { validationCode } }]; CloudEvents: { data } where data may be double-encoded JSON. */
function validationCode(payload: unknown): string | undefined {
  const first: unknown = Array.isArray(payload) ? payload[0] : payload;
  let data = (first as { data?: unknown } | undefined)?.data;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  const code = (data as { validationCode?: unknown } | undefined)?.validationCode;
  return typeof code === 'string' ? code : undefined;
}

/** CloudEvents distributed-tracing extension: the invocation joins the publisher's trace. */
function traceParentOf(event: unknown): string | undefined {
  const value = (event as { traceparent?: unknown } | null)?.traceparent;
  return typeof value === 'string' ? value : undefined;
}
