// Posts Teams messages to a Workflows webhook ("When a Teams webhook request is received") through an Azure core
// pipeline: retries with backoff on 429 (Retry-After honoured) and 5xx live in the pipeline, TLS trusts the extra CA.
// The URL is a secret (its `sig` signs it): no error this adapter throws contains it, only its host.
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import type { AppConfig } from '../../config/index.js';
import type { SecretUrl } from '../../config/notify.js';
import { redactSecrets, redactUrl } from '../../domain/notify/redact.js';
import type { TeamsSender } from '../../usecases/ports.js';

export interface TeamsWebhookSettings {
  readonly webhook: SecretUrl;
  readonly caPem: string | undefined;
  readonly http: AppConfig['http'];
}

export class TeamsWebhookSender implements TeamsSender {
  private readonly pipeline: Pipeline;
  private readonly client: HttpClient = createDefaultHttpClient();

  constructor(private readonly settings: TeamsWebhookSettings) {
    this.pipeline = createPipelineFromOptions({
      retryOptions: { maxRetries: settings.http.maxRetries, retryDelayInMs: Math.max(1, settings.http.retryDelayMs) },
      ...(settings.caPem ? { tlsOptions: { ca: settings.caPem } } : {}),
      userAgentOptions: { userAgentPrefix: 'backup-autopilot-aks' },
    });
  }

  async post(message: unknown): Promise<void> {
    const url = this.settings.webhook.reveal();
    const where = `Teams webhook ${redactUrl(url)}`;
    let status: number;
    let body: string | undefined;
    try {
      const res = await this.pipeline.sendRequest(
        this.client,
        createPipelineRequest({
          url,
          method: 'POST',
          body: JSON.stringify(message),
          headers: createHttpHeaders({ 'content-type': 'application/json' }),
          timeout: this.settings.http.timeoutMs,
        }),
      );
      status = res.status;
      body = res.bodyAsText ?? undefined;
    } catch (e) {
      // A new error with a scrubbed message and no `cause`: the original carries the request, URL included.
      // eslint-disable-next-line preserve-caught-error -- the cause would leak the webhook URL (a secret)
      throw new Error(`${where}: ${redactSecrets(e instanceof Error ? e.message : String(e), [url])}`);
    }
    // The flow answers 202 (accepted, runs asynchronously); anything else outside 2xx is a failure to retry later.
    if (status < 200 || status >= 300) {
      throw new Error(`${where} answered ${status}${body ? `: ${redactSecrets(body.slice(0, 300), [url])}` : ''}`);
    }
  }
}
