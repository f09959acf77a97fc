// Text from Azure or an event reaches Teams and email as literal text: markdown escaped for Adaptive Cards, HTML
// escaped for email, links broken everywhere. "Literal" is checked by reading the output back the way CommonMark
// reads backslash escapes, and by looking for any markdown character left unescaped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestMessage } from '../../shared/domain/cards/digestCard.js';
import { incidentMessage } from '../../shared/domain/cards/incidentCard.js';
import type { Incident } from '../../shared/domain/incidents/types.js';
import { renderDigest, renderEmail } from '../../shared/domain/notify/email.js';
import { defangLinks, markdownLiteral } from '../../shared/domain/notify/inertText.js';
import { sampleEntry, sampleIncident } from './incidentFixtures.js';

/** CommonMark §2.4: a backslash before ASCII punctuation is that character, literally. */
const readEscapes = (md: string): string => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');
/** A markdown character not preceded by an (unescaped) backslash: something a renderer could read as syntax. */
const UNESCAPED = /(?<!\\)(?:\\\\)*[`*_[\]()#<>|~&]/;
const unescapedSyntax = (md: string): boolean => UNESCAPED.test(md.replace(/\\[!-/:-@[-`{-~]/g, ''));

const LINK = '[click](https://evil.example)';

describe('markdownLiteral', () => {
  it('a markdown link in an error message is literal text, and its address is no autolink', () => {
    const md = markdownLiteral(`Snapshot failed. ${LINK}`);
    expect(md).toBe('Snapshot failed. \\[click\\]\\(https\\[:\\]//evil\\[.\\]example\\)');
    expect(readEscapes(md)).toBe('Snapshot failed. [click](https[:]//evil[.]example)');
    expect(unescapedSyntax(md)).toBe(false);
    expect(md).not.toMatch(/https?:\/\//);
  });

  it.each([
    ['emphasis', '*bold* _it_ **b**', '\\*bold\\* \\_it\\_ \\*\\*b\\*\\*'],
    ['code', '`rm -rf`', '\\`rm -rf\\`'],
    ['an image', '![x](y)', '!\\[x\\]\\(y\\)'],
    ['an autolink and HTML', '<https://a.b> <b>', '\\<https\\[:\\]//a\\[.\\]b\\> \\<b\\>'],
    ['a heading and a quote', '# h\n> q', '\\# h\n\\> q'],
    ['list bullets and a setext underline at line start', '- a\n  + b\n===', '\\- a\n  \\+ b\n\\==='],
    ['an ordered list', '1. a\n 2) b', '1\\. a\n 2\\) b'],
    ['a table and strikethrough', 'a | b ~~c~~', 'a \\| b \\~\\~c\\~\\~'],
    ['an entity', '&#91;x&#93;', '\\&\\#91;x\\&\\#93;'],
    ['a backslash of its own', 'C:\\temp\\*', 'C:\\\\temp\\\\\\*'],
  ])('escapes %s', (_what, input, expected) => expect(markdownLiteral(input)).toBe(expected));

  it('leaves ordinary names and codes readable: hyphens and dots inside words are not escaped', () => {
    expect(markdownLiteral('prod-weu-orders')).toBe('prod-weu-orders');
    expect(markdownLiteral('UserErrorSnapshotFailed: pvc-data.yaml v1.2')).toBe('UserErrorSnapshotFailed: pvc-data.yaml v1.2');
  });

  it('for any text: read back, it is the text with links broken; and no markdown character is left unescaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), (s) => {
        const md = markdownLiteral(s);
        expect(readEscapes(md)).toBe(defangLinks(s));
        expect(unescapedSyntax(md)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('defangLinks', () => {
  it.each([
    ['https://evil.example/path?q=1', 'https[:]//evil[.]example/path?q=1'],
    ['see HTTP://a.b.c', 'see HTTP[:]//a[.]b[.]c'],
    ['www.evil.example/x', 'www[.]evil[.]example/x'],
    ['mailto:a@b.c', 'mailto[:]a@b.c'],
    ['no link in pvc-data.yaml', 'no link in pvc-data.yaml'],
  ])('%s → %s', (input, expected) => expect(defangLinks(input)).toBe(expected));
});

describe('cards and emails carry Azure’s words literally', () => {
  const base = sampleIncident();
  const hostile: Incident = {
    ...base,
    facts: { ...base.facts, name: 'orders_*prod*', errorCode: '`Code`', errorMessage: `${LINK} <script>alert(1)</script>` },
  };
  const allText = (node: unknown): string[] =>
    typeof node === 'string'
      ? [node]
      : Array.isArray(node)
        ? node.flatMap(allText)
        : node && typeof node === 'object'
          ? Object.entries(node).flatMap(([k, v]) => (k === 'url' ? [] : allText(v)))
          : [];

  it('the incident card: the link reaches the FactSet as literal text, every string escaped, only our own links live', () => {
    const m = incidentMessage(hostile, 'opened', 'https://portal.azure.com');
    const facts = (m.attachments[0].content.body.find((b) => b.type === 'FactSet') as { facts: { title: string; value: string }[] }).facts;
    const error = facts.find((f) => f.title === 'Error message')?.value ?? '';
    expect(readEscapes(error)).toBe('[click](https[:]//evil[.]example) <script>alert(1)</script>');
    const texts = allText(m.attachments[0].content.body);
    for (const t of texts.filter((x) => !['TextBlock', 'FactSet', 'Container'].includes(x))) expect(unescapedSyntax(t), t).toBe(false);
    expect(JSON.stringify(m)).not.toContain('https://evil');
    expect(m.attachments[0].content.actions?.map((a) => a.url)).toEqual([
      `https://portal.azure.com/#@/resource${base.subject}`,
      `https://portal.azure.com/#@/resource${base.facts.jobId ?? ''}`,
    ]);
  });

  it('the digest card (TextRuns, never markdown) breaks links but leaves the text as it is', () => {
    const m = digestMessage([sampleEntry({ incident: { ...hostile, facts: { ...hostile.facts, name: 'see https://evil.example' } } })]);
    const json = JSON.stringify(m);
    expect(json).toContain('see https[:]//evil[.]example');
    expect(json).not.toContain('https://evil');
  });

  it('email: <script> stays inert text, and no address from Azure is a link (mail clients linkify plain URLs)', () => {
    const m = renderEmail(sampleEntry({ incident: hostile }), 'https://portal.azure.com');
    expect(m.html).not.toMatch(/<script/i);
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.html).not.toContain('https://evil');
    expect(m.plainText).not.toContain('https://evil');
    expect(m.html).toContain('<a href="https://portal.azure.com/#@/resource'); // our own links stay links
    const digest = renderDigest([sampleEntry({ incident: hostile }), sampleEntry({ incident: hostile })], 'https://p');
    expect(digest.html).not.toMatch(/<script|https:\/\/evil/i);
  });
});
