import { defineConfig } from 'vitest/config';

// The test set StrykerJS runs against each mutant (stryker.config.js): pure unit tests and the use-case tests built on
// the in-memory fakes of our own ports. A mutant is re-tested by every test that covers it, so anything that starts
// Azurite, the estate or a host would turn a run of minutes into hours.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/usecases/**/*.test.ts'],
    // Reads the source tree as text to find import circles: it exercises no decision, so no mutant can fail it.
    exclude: ['test/unit/architecture.test.ts'],
    // One module graph for all files (not one per file): about 40 % less time per mutant. Safe for pure tests: they
    // hold no state between files, and a full run gives the same kills either way (measured on armId.ts).
    isolate: false,
    testTimeout: 30_000,
    allowOnly: false,
  },
});
