// Values built on first use. The composition root builds clients this way so that a cold start pays only for what
// its first invocation touches; the adapters load their SDK this way so that importing a function entry loads none.

/** A value built on first call; a build that throws is tried again on the next call. */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/**
 * A value built asynchronously on first call and shared by every caller, also while it is being built; a build that
 * rejects is forgotten, so the next call tries again (an outage at cold start must not poison the process).
 */
export function onceAsync<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      const started = build();
      pending = started;
      started.catch(() => {
        if (pending === started) pending = undefined;
      });
    }
    return pending;
  };
}
