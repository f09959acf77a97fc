// The TeamsSender and EmailSender ports in memory: they keep what was sent, and `failures` makes the next sends
// throw with a message (as the adapters do after their retries, secrets redacted) so the outbox must retry.
import type { EmailSender, OutgoingEmail, TeamsSender } from '../../../shared/usecases/ports.js';
import { FailNext } from './failures.js';

export class MemoryTeamsSender implements TeamsSender {
  readonly posted: unknown[] = [];
  readonly failures = new FailNext();

  post(message: unknown): Promise<void> {
    return this.failures.settle(() => void this.posted.push(JSON.parse(JSON.stringify(message))));
  }

  /** Posts whose JSON mentions `text` (an instance name, say). */
  about(text: string): unknown[] {
    return this.posted.filter((m) => JSON.stringify(m).includes(text));
  }
}

export class MemoryEmailSender implements EmailSender {
  readonly sent: OutgoingEmail[] = [];
  readonly failures = new FailNext();

  send(email: OutgoingEmail): Promise<void> {
    return this.failures.settle(() => void this.sent.push({ ...email }));
  }

  about(text: string): OutgoingEmail[] {
    return this.sent.filter((m) => `${m.subject}\n${m.plainText}`.includes(text));
  }
}
