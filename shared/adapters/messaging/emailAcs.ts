// Sends email through Azure Communication Services with the real EmailClient and the app's identity (no connection
// string). Each message carries an Operation-Id derived from its outbox entry, so a retry of the same message is the
// same operation to the service: sent once, even when the first attempt's answer was lost.
import { createHash } from 'node:crypto';
import type { TokenCredential } from '@azure/core-auth';
import { EmailClient } from '@azure/communication-email';
import type { AppConfig } from '../../config/index.js';
import type { EmailSender, OutgoingEmail } from '../../usecases/ports.js';

export interface AcsEmailSettings {
  readonly endpoint: string;
  readonly sender: string;
  readonly to: readonly string[];
  readonly credential: TokenCredential;
  readonly caPem: string | undefined;
  readonly http: AppConfig['http'];
}

/** A UUID (the form ACS expects for an operation id) derived from the message id. */
export function operationIdOf(id: string): string {
  const h = createHash('sha256').update(id).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class AcsEmailSender implements EmailSender {
  private readonly client: EmailClient;

  constructor(private readonly settings: AcsEmailSettings) {
    this.client = new EmailClient(settings.endpoint, settings.credential, {
      retryOptions: { maxRetries: settings.http.maxRetries, retryDelayInMs: Math.max(1, settings.http.retryDelayMs) },
      ...(settings.caPem ? { tlsOptions: { ca: settings.caPem } } : {}),
    });
  }

  async send(email: OutgoingEmail): Promise<void> {
    const poller = await this.client.beginSend(
      {
        senderAddress: this.settings.sender,
        content: { subject: email.subject, html: email.html, plainText: email.plainText },
        recipients: { to: this.settings.to.map((address) => ({ address })) },
      },
      { operationId: operationIdOf(email.id), updateIntervalInMs: 1_000, requestOptions: { timeout: this.settings.http.timeoutMs } },
    );
    const result = await poller.pollUntilDone();
    if (result.status !== 'Succeeded') {
      throw new Error(`ACS email ${result.status}${result.error ? `: ${result.error.code ?? ''} ${result.error.message ?? ''}` : ''}`);
    }
  }
}
