import { defineConfig } from 'vitest/config';

// Pure tests (unit and use-case tests on the fakes of our own ports) hold no state between files: they share one
// module graph per worker thread, which saves the per-file import of the product (most of their time).
const PURE = ['test/unit/**/*.test.ts', 'test/usecases/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A focused test must never pass CI silently.
    allowOnly: false,
    // The default is one worker per core minus one: a single worker on a 2-core runner. The stack tests mostly wait
    // on sockets (estate, Azurite, host), so four at once roughly halve the wall time there (measured: ~104 s
    // instead of ~227 s for the whole suite) without tripping the timeouts above.
    maxWorkers: 4,
    projects: [
      { extends: true, test: { name: 'pure', include: PURE, pool: 'threads', isolate: false } },
      {
        extends: true,
        test: {
          name: 'stack',
          include: ['test/**/*.test.ts'],
          exclude: PURE,
          // Each file gets its own process: a file may start its own estate, Azurite and local host, and the
          // composition root reads process.env once per process.
          pool: 'forks',
        },
      },
    ],
  },
});
