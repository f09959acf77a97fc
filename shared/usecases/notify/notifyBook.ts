// Read-decide-write over the notification book (one blob, If-Match on the ETag just read). A lost race re-reads and
// decides again on the winner's result; that is optimistic concurrency, not a transport retry (those stay in the SDK).
import { emptyBook, parseBook, type NotifyBook } from '../../domain/incidents/book.js';
import { ConcurrencyError, type StateStore } from '../ports.js';

export const BOOK_KEY = 'notify/incidents.json';

/**
 * Rounds before giving up. Event Grid delivers a burst of events in parallel and each one writes the book, so this is
 * higher than the RPO monitor's 3; a caller that still loses throws and is retried (Event Grid redelivers, the timer
 * runs again), and the event ids make that harmless.
 */
const ROUNDS = 12;

/** `change` returns the same book object when nothing changed: then nothing is written. */
export async function updateBook<R>(
  store: StateStore,
  now: () => Date,
  change: (book: NotifyBook, now: Date) => { book: NotifyBook; result: R },
): Promise<R> {
  for (let round = 1; ; round++) {
    const doc = await store.read(BOOK_KEY);
    const before = doc ? parseBook(doc.value) : emptyBook();
    const { book, result } = change(before, now());
    if (book === before) return result;
    try {
      if (doc) await store.replace(BOOK_KEY, book, doc.etag);
      else await store.create(BOOK_KEY, book);
      return result;
    } catch (e) {
      if (!(e instanceof ConcurrencyError) || round >= ROUNDS) throw e;
      // A short random pause spreads parallel writers out, so the next round is not the same collision again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * round));
    }
  }
}

export async function readBook(store: StateStore): Promise<NotifyBook> {
  const doc = await store.read(BOOK_KEY);
  return doc ? parseBook(doc.value) : emptyBook();
}
