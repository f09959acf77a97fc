// Posts Teams messages to a Workflows webhook ("When a Teams webhook request is received") through an Azure core
// pipeline: retries with backoff on 429 (Retry-After honoured) and 5xx live in the pipeline, TLS trusts the extra CA.
// The URL is a secret (its `sig` signs it): no error this adapter throws contains it, only its host.
import type * as Rest from '@azure/core-rest-pipeline';
import type { SecretUrl } from '../../config/notify.js';
import { redactSecrets, redactUrl } from '../../domain/notify/redact.js';
import type { TeamsSender } from '../../usecases/ports.js';
import { onceAsync } from '../../util/once.js';
import { pipelineOptions, type AdapterOptions } from '../options.js';

export interface TeamsWebhook {
  /** TEAMS_WEBHOOK_URL. */
  readonly webhook: SecretUrl;
}

interface Loaded {
  readonly rest: typeof Rest;
  readonly pipeline: Rest.Pipeline;
  readonly client: Rest.HttpClient;
}

export class TeamsWebhookSender implements TeamsSender {
  /** @azure/core-rest-pipeline is loaded, and the pipeline built, on the first post. */
  private readonly loaded: () => Promise<Loaded>;

  /** The webhook is signed by its URL: of the options bag only TLS trust and the HTTP policy apply. */
  constructor(
    private readonly target: TeamsWebhook,
    private readonly options: Pick<AdapterOptions, 'caPem' | 'http'>,
  ) {
    this.loaded = onceAsync(async () => {
      const rest = await import('@azure/core-rest-pipeline');
      return { rest, pipeline: rest.createPipelineFromOptions(pipelineOptions(options)), client: rest.createDefaultHttpClient() };
    });
  }

  async post(message: unknown): Promise<void> {
    const url = this.target.webhook.reveal();
    const where = `Teams webhook ${redactUrl(url)}`;
    let status: number;
    let body: string | undefined;
    try {
      const { rest, pipeline, client } = await this.loaded();
      const res = await pipeline.sendRequest(
        client,
        rest.createPipelineRequest({
          url,
          method: 'POST',
          body: JSON.stringify(message),
          headers: rest.createHttpHeaders({ 'content-type': 'application/json' }),
          timeout: this.options.http.timeoutMs,
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
