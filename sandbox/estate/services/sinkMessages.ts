// What the Teams and email sinks record: shared by the sinks and the page that shows them.

export interface TeamsMessage {
  readonly at: string;
  readonly flowId: string;
  readonly body: unknown;
}

export interface EmailMessage {
  readonly at: string;
  /** Operation id handed back in `operation-id`. */
  readonly id: string;
  readonly senderAddress: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly plainText?: string;
  readonly html?: string;
  /** The request body as sent. */
  readonly raw: unknown;
}
