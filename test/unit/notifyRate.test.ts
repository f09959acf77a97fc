import { describe, expect, it } from 'vitest';
import { RateGate } from '../../shared/usecases/notify/notifyRate.js';

describe('RateGate (Teams: at most 4 requests a second)', () => {
  it('lets the first call through at once and spaces the next ones 250 ms apart, in call order', async () => {
    const waits: number[] = [];
    const order: number[] = [];
    const gate = new RateGate(4, (ms) => {
      waits.push(ms);
      return new Promise((r) => setTimeout(r, ms));
    });
    const started = Date.now();
    await Promise.all([0, 1, 2, 3, 4].map((n) => gate.wait().then(() => order.push(n))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(waits).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 250 - 20);
  });
});
