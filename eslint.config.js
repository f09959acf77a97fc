// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// @azure/functions is a CommonJS bundle: under plain Node (npm start, the Functions worker) these classes are not named
// ESM exports, and importing them crashes at load time while vitest hides it.
const functionsClasses = {
  name: '@azure/functions',
  importNames: ['HttpResponse', 'HttpRequest', 'InvocationContext', 'Disposable'],
  allowTypeImports: true,
  message: "Use `import azureFunctions from '@azure/functions'` and destructure the class (see sandbox/host/README.md).",
};
// The layers (README, "How it is laid out"), as import rules on the relative paths each layer may not reach.
const noSandbox = { regex: '(^|/)sandbox/', message: 'The product never imports the simulated estate or the local host (sandbox/).' };
const layers = (...patterns) => ['error', { paths: [functionsClasses], patterns: [...patterns, noSandbox] }];

// The modules that hold an adapter's static SDK imports; the rest of the product reaches them with import() only.
const SDK_HALVES = [
  'shared/adapters/arm/armClient.ts',
  'shared/adapters/arm/httpBudgetPolicies.ts',
  'shared/adapters/storage/blobClient.ts',
  'shared/adapters/aks/runCommandClient.ts',
];
const lazySdks = [
  {
    group: ['@azure/*', '@azure-rest/*', '!@azure/functions'],
    allowTypeImports: true,
    message: 'Load Azure SDKs with import() where they are used (cold start); import types with `import type`, or use an SDK half.',
  },
  {
    regex: '(^|/)(armClient|httpBudgetPolicies|blobClient|runCommandClient)\\.js$',
    allowTypeImports: true,
    message: 'An SDK half is loaded with import() by the adapter that needs it, never statically (cold start).',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-output/**', 'reports/**', '.stryker-tmp/**', '.vitest-report.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['stryker.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-restricted-imports': ['error', { paths: [functionsClasses] }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip)$/]',
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  // Cold start: importing the function entries loads no Azure SDK. An adapter loads its SDK with import() when it
  // first talks to Azure; static imports of an SDK are for types, or in an adapter's SDK half, itself only import()ed.
  // test/e2e/coldStart.e2e.test.ts checks the module graph this keeps small.
  { files: ['functions/**/*.ts', 'shared/**/*.ts'], rules: { 'no-restricted-imports': layers(...lazySdks) } },
  { files: SDK_HALVES, rules: { 'no-restricted-imports': layers() } },
  {
    // Pure decisions stay free of the Azure SDK and of I/O so they can be tested without any client.
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': layers(
        { group: ['@azure/*', '@azure-rest/*', 'node:*'], message: 'shared/domain is pure: no SDK or I/O imports.' },
        {
          regex: '(^|/)(usecases|adapters|http)/|(^|/)(composition|functionGuard)\\.js$',
          message: 'shared/domain imports no use case, adapter or host code: those depend on it, not the other way.',
        },
      ),
    },
  },
  {
    // Use cases reach Azure through the ports they declare; the composition root plugs the adapters in.
    files: ['shared/usecases/**/*.ts'],
    rules: {
      'no-restricted-imports': layers(
        { group: ['@azure/*', '@azure-rest/*'], message: 'Use cases talk to Azure through ports (shared/usecases/ports.ts), not SDKs.' },
        { regex: '(^|/)adapters/', message: 'Use cases import ports, not adapters: shared/composition.ts wires the adapters in.' },
        { regex: '(^|/)(composition|functionGuard)\\.js$', message: 'Use cases never reach for the composition root.' },
      ),
    },
  },
  {
    // The estate stands in for Azure: it knows the wire protocol, never the product's code.
    files: ['sandbox/estate/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)(shared|functions)/', message: 'sandbox/estate is an Azure look-alike: it never imports the product.' },
          ],
        },
      ],
    },
  },
  {
    // Use-case tests run on in-memory fakes of our own ports: never on an Azure SDK (no client is faked, ever), an
    // adapter, the composition root or the estate — those are what the contract and end-to-end tests are for.
    files: ['test/support/fakes/**/*.ts', 'test/usecases/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@azure/*', '@azure-rest/*'], message: 'Fakes replace our ports, never an Azure SDK client.' },
            { regex: '(^|/)(adapters|sandbox)/|(^|/)composition\\.js$', message: 'Use-case tests build use cases on the fakes.' },
          ],
        },
      ],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  {
    // CI helpers: plain Node scripts, outside the TypeScript project.
    files: ['.ci/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: null },
      globals: {
        console: 'readonly',
        process: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);
