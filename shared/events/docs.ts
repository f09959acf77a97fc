// The README's "Events" tables, rendered from the catalog (test/unit/events.docs.test.ts keeps README in step):
// one row per event type, then one table per data shape with the meaning of each field. Prettier aligns the columns.
import { z } from 'zod';
import { EVENT_CATALOG, EVENT_TYPES } from './catalog.js';

const fieldsOf = (schema: z.ZodType): [string, string][] =>
  schema instanceof z.ZodObject
    ? Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => [name, field.description ?? ''])
    : [];

const row = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

export function renderEventTables(): string {
  const types = table(
    ['type', 'source', 'subject', 'data', 'when'],
    EVENT_TYPES.map((type) => {
      const e = EVENT_CATALOG[type];
      const entry: { readonly source: string; readonly otherSources?: readonly string[] } = e;
      const sources = [entry.source, ...(entry.otherSources ?? [])].map((x) => `\`${x}\``).join(', ');
      return [`\`${type}\``, sources, e.subject, `\`${e.shape}\``, e.when];
    }),
  );
  const shapes = new Map<string, z.ZodType>();
  for (const type of EVENT_TYPES)
    if (!shapes.has(EVENT_CATALOG[type].shape)) shapes.set(EVENT_CATALOG[type].shape, EVENT_CATALOG[type].data);
  const fields = [...shapes].map(([shape, schema]) =>
    table(
      [`\`${shape}\` field`, 'meaning'],
      fieldsOf(schema).map(([name, meaning]) => [`\`${name}\``, meaning]),
    ),
  );
  return `${[types, ...fields].join('\n\n')}\n`;
}
