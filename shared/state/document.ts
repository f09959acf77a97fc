// Typed state documents: a zod schema for the shape this code writes, a version number stored in the document, and a
// migration from every shape earlier code wrote. Deployed state outlives a deployment, so a document written before
// versions existed (or by an older version) is upgraded on read — never dropped, never "started over".
import type { z } from 'zod';

export interface DocumentType<T> {
  /** What the document is, for error messages ("remediation record"). */
  readonly name: string;
  /** The version this code writes; stored as the document's `version` field. */
  readonly version: number;
  /** The current shape (version field included). Use loose objects: a field a newer writer added must survive. */
  readonly schema: z.ZodType<T>;
  /**
   * Turns a stored value of an older version (`version` is its `version` field, undefined for documents written before
   * versions existed) into the current shape. Return the value unchanged when nothing is to be done.
   */
  readonly migrate?: (value: Record<string, unknown>, version: number | undefined) => unknown;
}

/** A stored document that fails its schema: named by key and field, so an operator can fix or delete exactly it. */
export class StateDocumentError extends Error {
  override readonly name = 'StateDocumentError';
  constructor(
    readonly key: string,
    readonly field: string,
    detail: string,
  ) {
    super(`state document "${key}" is not a valid document: ${field}: ${detail}; fix or delete the document`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `subjects["a"].lastKnown`, `pending[0]`: the zod issue path as a reader would write it. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out === '' ? '(the document)' : out;
}

/** The stored value as the current shape, or a StateDocumentError naming the key and the first bad field. */
export function decode<T>(type: DocumentType<T>, key: string, value: unknown): T {
  if (!isObject(value)) throw new StateDocumentError(key, '(the document)', `a ${type.name} must be a JSON object`);
  const stored = value.version;
  if (stored !== undefined && (typeof stored !== 'number' || !Number.isInteger(stored)))
    throw new StateDocumentError(key, 'version', 'must be an integer');
  // A newer writer's document: reading it with older rules and writing it back would lose what it added.
  if (typeof stored === 'number' && stored > type.version)
    throw new StateDocumentError(key, 'version', `is ${stored}; this code reads ${type.name} documents up to version ${type.version}`);
  const current = stored === type.version || !type.migrate ? value : type.migrate(value, stored);
  const parsed = type.schema.safeParse(current);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new StateDocumentError(key, fieldPath(issue.path), issue.message);
}

/** Adds the version field a writer must store (documents whose type already carries it are left as they are). */
export function encode<T>(type: DocumentType<T>, value: T): unknown {
  return isObject(value) && value.version === type.version ? value : { ...(value as object), version: type.version };
}
