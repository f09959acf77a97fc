// A refusal by the estate model, carrying the HTTP status and ARM error code a real service would answer with.
// Model code throws it; route modules turn it into `{ error: { code, message, target } }`.
export class ModelError extends Error {
  override readonly name = 'ModelError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Request field the error is about, e.g. 'backupRuleOptions.ruleName'. */
    readonly target?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string, name: string, scope?: string): ModelError =>
  new ModelError(404, 'ResourceNotFound', `The Resource '${what}/${name}' ${scope ? `under ${scope} ` : ''}was not found.`);
