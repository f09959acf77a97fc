// The README's events tables are rendered from the catalog: this fails when either one changes without the other.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { expect, it } from 'vitest';
import { renderEventTables } from '../../shared/events/docs.js';

const root = join(import.meta.dirname, '..', '..');

it('README lists every event type exactly as the catalog describes it', async () => {
  const options = (await prettier.resolveConfig(join(root, 'README.md'))) ?? {};
  const tables = (await prettier.format(renderEventTables(), { ...options, parser: 'markdown' })).trim();
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  expect(readme.includes(tables), `README.md must contain (under "Events"):\n\n${tables}\n`).toBe(true);
});
