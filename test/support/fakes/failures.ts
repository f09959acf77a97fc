// Programmable failures shared by the fakes: "fail the next n calls" with a given error, so a test states exactly
// which attempt fails and the fake then behaves again (a retry must succeed for the test to mean anything).
export class FailNext {
  private queue: Error[] = [];

  /** The next `times` calls throw `error` (a fresh Error with that message when a string is given). */
  add(error: Error | string, times = 1): void {
    for (let i = 0; i < times; i++) this.queue.push(typeof error === 'string' ? new Error(error) : error);
  }

  /** Throws the next queued error, if any. */
  check(): void {
    const e = this.queue.shift();
    if (e) throw e;
  }

  /** `make()` as a promise, unless a failure is queued: then the promise rejects with it (as an adapter's would). */
  settle<T>(make: () => T): Promise<T> {
    const e = this.queue.shift();
    return e ? Promise.reject(e) : Promise.resolve(make());
  }

  get pending(): number {
    return this.queue.length;
  }
}
