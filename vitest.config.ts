import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file gets its own process: a file may start its own estate, Azurite and local host,
    // and the composition root reads process.env once per process.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A focused test must never pass CI silently.
    allowOnly: false,
  },
});
