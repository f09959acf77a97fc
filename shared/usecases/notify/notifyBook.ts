// The notification book (one blob) through the state primitive: read, decide, If-Match write, and on a lost race read
// and decide again on the winner's result (optimistic concurrency, not a transport retry: those stay in the SDK).
import { z } from 'zod';
import { emptyBook, type NotifyBook } from '../../domain/incidents/book.js';
import { Documents, keep, retryPolicy, write, type DocumentType } from '../../state/index.js';
import type { StateStore } from '../ports.js';

export const BOOK_KEY = 'notify/incidents.json';

/** Version 1 since the book was written (incidents and outbox entries are checked by the domain that reads them). */
export const BOOK_DOC: DocumentType<NotifyBook> = {
  name: 'notification book',
  version: 1,
  schema: z
    .looseObject({ version: z.literal(1), incidents: z.array(z.looseObject({})), outbox: z.array(z.looseObject({})) })
    .transform((v) => v as unknown as NotifyBook),
};

/**
 * Rounds before giving up. Event Grid delivers a burst of events in parallel and each one writes the book, so more
 * rounds than elsewhere; a caller that still loses throws and is retried (Event Grid redelivers, the timer runs again),
 * and the event ids make that harmless.
 */
const BOOK_RETRY = retryPolicy({ rounds: 12, baseDelayMs: 10, maxDelayMs: 240 });

/** `change` returns the same book object when nothing changed: then nothing is written. */
export async function updateBook<R>(
  store: StateStore,
  now: () => Date,
  change: (book: NotifyBook, now: Date) => { book: NotifyBook; result: R },
): Promise<R> {
  return new Documents(store, BOOK_DOC, BOOK_RETRY).update(BOOK_KEY, (current) => {
    const before = current ?? emptyBook();
    const { book, result } = change(before, now());
    return book === before ? keep(result) : write(book, result);
  });
}

export async function readBook(store: StateStore): Promise<NotifyBook> {
  return (await new Documents(store, BOOK_DOC).read(BOOK_KEY))?.value ?? emptyBook();
}
