// Sends email through Azure Communication Services with the real EmailClient and the app's identity (no connection
// string). Each message carries an Operation-Id derived from its outbox entry, so a retry of the same message is the
// same operation to the service: sent once, even when the first attempt's answer was lost.
import { createHash } from 'node:crypto';
import type { EmailClient } from '@azure/communication-email';
import type { EmailSender, OutgoingEmail } from '../../usecases/ports.js';
import { onceAsync } from '../../util/once.js';
import { pipelineOptions, type AdapterOptions } from '../options.js';

/** ACS_EMAIL_ENDPOINT, NOTIFY_EMAIL_SENDER and NOTIFY_EMAIL_TO. */
export interface AcsEmailSettings {
  readonly endpoint: string;
  readonly sender: string;
  readonly to: readonly string[];
}

/** A UUID (the form ACS expects for an operation id) derived from the message id. */
export function operationIdOf(id: string): string {
  const h = createHash('sha256').update(id).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class AcsEmailSender implements EmailSender {
  /** @azure/communication-email is loaded, and the client built, on the first send. */
  private readonly client: () => Promise<EmailClient>;

  constructor(
    private readonly settings: AcsEmailSettings,
    private readonly options: AdapterOptions,
  ) {
    this.client = onceAsync(async () => {
      const { EmailClient } = await import('@azure/communication-email');
      return new EmailClient(settings.endpoint, options.credential, pipelineOptions(options));
    });
  }

  async send(email: OutgoingEmail): Promise<void> {
    const poller = await (
      await this.client()
    ).beginSend(
      {
        senderAddress: this.settings.sender,
        content: { subject: email.subject, html: email.html, plainText: email.plainText },
        recipients: { to: this.settings.to.map((address) => ({ address })) },
      },
      { operationId: operationIdOf(email.id), updateIntervalInMs: 1_000, requestOptions: { timeout: this.options.http.timeoutMs } },
    );
    const result = await poller.pollUntilDone();
    if (result.status !== 'Succeeded') {
      throw new Error(`ACS email ${result.status}${result.error ? `: ${result.error.code ?? ''} ${result.error.message ?? ''}` : ''}`);
    }
  }
}
