// Spaces calls out to at most `perSecond` a second within this process (Teams throttles a webhook above 4 requests a
// second). Callers queue on one promise chain, so parallel invocations in one worker share the budget.
export class RateGate {
  private tail: Promise<void> = Promise.resolve();
  private last = 0;

  constructor(
    private readonly perSecond: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when the caller may send. */
  wait(): Promise<void> {
    const gap = 1000 / this.perSecond;
    const turn = this.tail.then(async () => {
      const due = this.last + gap - Date.now();
      if (due > 0) await this.sleep(due);
      this.last = Date.now();
    });
    this.tail = turn;
    return turn;
  }
}
