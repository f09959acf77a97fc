// Where the Function app's notifications land locally: a Teams Workflows (Power Automate) webhook and
// Azure Communication Services email, both answering like the real services, plus listing/HTML views.
import { randomUUID } from 'node:crypto';
import type { HttpKit } from '../http/context.js';
import { armError, type EstateRequest, type EstateResponse, type Route } from '../http/types.js';
import type { EmailMessage, TeamsMessage } from './sinkMessages.js';
import { adaptiveCardsBundle, renderSinksPage, script, SINKS_RENDER_SCRIPT } from './sinksPage.js';

export const ACS_EMAIL_API_VERSION = '2023-03-31';
/** GA versions of the email API: the first one, and the one @azure/communication-email 1.1 sends. */
const ACS_EMAIL_API_VERSIONS: readonly string[] = [ACS_EMAIL_API_VERSION, '2025-09-01'];

export class Sinks {
  private readonly teamsMessages: TeamsMessage[] = [];
  private readonly emailMessages: EmailMessage[] = [];

  recordTeams(message: TeamsMessage): void {
    this.teamsMessages.push(message);
  }

  recordEmail(message: EmailMessage): void {
    this.emailMessages.push(message);
  }

  /** Oldest first. */
  teams(): TeamsMessage[] {
    return [...this.teamsMessages];
  }

  emails(): EmailMessage[] {
    return [...this.emailMessages];
  }

  email(id: string): EmailMessage | undefined {
    return this.emailMessages.find((message) => message.id === id);
  }

  clear(): void {
    this.teamsMessages.length = 0;
    this.emailMessages.length = 0;
  }
}

export function sinkRoutes(sinks: Sinks, kit: HttpKit): Route[] {
  const control = { service: 'control', auth: 'none' } as const;
  return [
    {
      method: 'POST',
      pattern: '/teams/workflows/:flowId',
      service: 'teams',
      auth: 'none',
      handler: (req, p) => receiveTeams(sinks, req, p.flowId ?? ''),
    },
    { method: 'POST', pattern: '/acs/emails:send', service: 'email', auth: 'bearer', handler: (req) => sendEmail(sinks, kit, req) },
    // The same at the origin: EmailClient only accepts an endpoint without a path (https://<acs>.communication.azure.com),
    // so the app's ACS_EMAIL_ENDPOINT in local mode is the estate's origin.
    { method: 'POST', pattern: '/emails:send', service: 'email', auth: 'bearer', handler: (req) => sendEmail(sinks, kit, req) },
    {
      method: 'GET',
      pattern: '/acs/emails/operations/:id',
      service: 'email',
      auth: 'bearer',
      handler: (_req, p) => {
        const message = sinks.email(p.id ?? '');
        // Delivery is instant locally, so the first poll already reports the terminal state.
        return message === undefined
          ? armError(404, 'NotFound', `Email operation '${p.id ?? ''}' was not found.`)
          : { status: 200, body: { id: message.id, status: 'Succeeded' } };
      },
    },
    { ...control, method: 'GET', pattern: '/_estate/sinks/teams', handler: () => ({ status: 200, body: { value: sinks.teams() } }) },
    { ...control, method: 'GET', pattern: '/_estate/sinks/email', handler: () => ({ status: 200, body: { value: sinks.emails() } }) },
    {
      ...control,
      method: 'DELETE',
      pattern: '/_estate/sinks',
      handler: () => {
        sinks.clear();
        return { status: 204 };
      },
    },
    { ...control, method: 'GET', pattern: '/_estate/sinks/adaptivecards.js', handler: () => script(adaptiveCardsBundle()) },
    { ...control, method: 'GET', pattern: '/_estate/sinks/render.js', handler: () => script(SINKS_RENDER_SCRIPT) },
    {
      ...control,
      method: 'GET',
      pattern: '/_estate/sinks',
      handler: () => ({
        status: 200,
        body: renderSinksPage(sinks.teams(), sinks.emails()),
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      }),
    },
  ];
}

function receiveTeams(sinks: Sinks, req: EstateRequest, flowId: string): EstateResponse {
  let body = req.body;
  if (body === undefined && req.rawBody.length > 0) {
    // Power Automate parses JSON regardless of the declared content type.
    try {
      body = JSON.parse(req.rawBody.toString('utf8')) as unknown;
    } catch {
      return armError(400, 'InvalidRequestContent', 'The request content is not valid JSON.');
    }
  }
  if (body === undefined) return armError(400, 'InvalidRequestContent', 'The request content is empty; the workflow expects a JSON body.');
  sinks.recordTeams({ at: new Date().toISOString(), flowId, body });
  return { status: 202 }; // the workflow runs asynchronously; the caller gets no body
}

function sendEmail(sinks: Sinks, kit: HttpKit, req: EstateRequest): EstateResponse {
  const apiVersion = req.query.get('api-version');
  if (apiVersion === null || !ACS_EMAIL_API_VERSIONS.includes(apiVersion)) {
    return armError(400, 'InvalidApiVersion', `The api-version '${apiVersion ?? ''}' is not supported; use ${ACS_EMAIL_API_VERSION}.`);
  }
  const parsed = parseEmail(req.body);
  if (typeof parsed === 'string') return armError(400, 'BadRequest', `Invalid email request: ${parsed}`);
  // Like ACS: a caller-chosen Operation-Id names the operation, and repeating it (a retry) does not send again.
  const given = req.headers['operation-id'];
  const id = typeof given === 'string' && given.trim() !== '' ? given.trim() : randomUUID();
  if (sinks.email(id) === undefined) sinks.recordEmail({ ...parsed, at: new Date().toISOString(), id, raw: req.body });
  return {
    status: 202,
    body: { id, status: 'Running' },
    headers: {
      'Operation-Location': `${kit.baseUrl}/acs/emails/operations/${id}?api-version=${ACS_EMAIL_API_VERSION}`,
      'operation-id': id,
      'Retry-After': '0',
    },
  };
}

type ParsedEmail = Omit<EmailMessage, 'at' | 'id' | 'raw'>;

/** The fields ACS requires; returns the problem (naming the field) or the parsed message. */
function parseEmail(body: unknown): ParsedEmail | string {
  const record = asRecord(body);
  if (record === undefined) return 'the body must be a JSON object.';
  if (!nonEmpty(record.senderAddress)) return "'senderAddress' is required.";
  const recipients = asRecord(record.recipients);
  if (recipients === undefined) return "'recipients' is required.";
  const addresses = (field: 'to' | 'cc' | 'bcc'): string[] | string => {
    const list = recipients[field];
    if (list === undefined && field !== 'to') return [];
    if (!Array.isArray(list) || list.length === 0) return `'recipients.${field}' must be a non-empty array.`;
    const result: string[] = [];
    for (const [index, entry] of list.entries()) {
      const address = asRecord(entry)?.address;
      if (!nonEmpty(address) || !address.includes('@')) return `'recipients.${field}[${index}].address' must be an email address.`;
      result.push(address);
    }
    return result;
  };
  const to = addresses('to');
  if (typeof to === 'string') return to;
  const cc = addresses('cc');
  if (typeof cc === 'string') return cc;
  const bcc = addresses('bcc');
  if (typeof bcc === 'string') return bcc;
  const content = asRecord(record.content);
  if (content === undefined || !nonEmpty(content.subject)) return "'content.subject' is required.";
  const plainText = nonEmpty(content.plainText) ? content.plainText : undefined;
  const html = nonEmpty(content.html) ? content.html : undefined;
  if (plainText === undefined && html === undefined) return "'content.plainText' or 'content.html' is required.";
  return {
    senderAddress: record.senderAddress,
    to,
    cc,
    bcc,
    subject: content.subject,
    ...(plainText === undefined ? {} : { plainText }),
    ...(html === undefined ? {} : { html }),
  };
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
