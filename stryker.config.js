// @ts-check
// `npm run mutation`: StrykerJS mutates the pure decisions and re-runs the unit and use-case tests that cover each mutant. A mutant
// no test notices is a behaviour nobody checks. The JSON report (reports/mutation/mutation.json) is the measurement.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  mutate: [
    'shared/domain/**/*.ts',
    // Killed by the use-case tests (test/usecases), which build the use cases on fakes of our own ports
    // (test/support/fakes/): no Azurite, estate or host, so a mutant costs milliseconds.
    'shared/usecases/**/*.ts',
  ],
  // Each mutant runs only the tests that reach it; static mutants (module-level tables) still run them all. A static
  // mutant that stops a module from loading is reported Survived with 0 tests run (stryker-js#6150, open in 9.6 and
  // 10.0): the test files that import it fail to load, which the vitest runner does not count as a failure.
  coverageAnalysis: 'perTest',
  // A full, comparable measurement every time; for a quick loop on one file use `npm run mutation -- --mutate <file>`.
  incremental: false,
  // Two cores, shared with the other test suites.
  concurrency: 2,
  // A killed-by-timeout mutant counts as detected, so leave room for a busy machine rather than kill by accident.
  timeoutMS: 10_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // The sandbox copy needs the sources and the unit and use-case tests; nothing built, measured or deployed.
  ignorePatterns: ['dist', 'coverage', 'reports', 'test-output', 'infra', 'bench', '.ci', '__blobstorage__', '__azurite_db*'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
export default config;
