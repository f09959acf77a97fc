// Secret hygiene (shared/domain/notify/redact.ts): a Teams Workflows URL is a bearer credential (its `sig` signs it),
// so only its scheme and host may reach a log line or an error; and which webhook hosts are allowed at all.
import { describe, expect, it } from 'vitest';
import { hostAllowed, redactSecrets, redactUrl } from '../../shared/domain/notify/redact.js';

// The shape of a Workflows "When a Teams webhook request is received" trigger URL.
const WORKFLOW =
  'https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=TOPSECRETsig';
const REDACTED = 'https://prod-12.westeurope.logic.azure.com:443/…(redacted)';

describe('redactUrl', () => {
  it.each([
    [WORKFLOW, REDACTED],
    [`  ${WORKFLOW}\n`, REDACTED],
    ['HTTPS://Sink.Local/hook?sig=x', 'HTTPS://Sink.Local/…(redacted)'],
    ['https://sink.local', 'https://sink.local/…(redacted)'],
    ['https://sink.local#frag', 'https://sink.local/…(redacted)'],
    ['not a url', '(redacted url)'],
    ['https://', '(redacted url)'],
    ['see https://sink.local/hook', '(redacted url)'],
  ])('%j → %j', (url, out) => expect(redactUrl(url)).toBe(out));
});

describe('redactSecrets', () => {
  it('replaces the whole URL with its redacted form, leaving the rest of the text', () => {
    expect(redactSecrets(`POST ${WORKFLOW} failed: ECONNRESET`, [WORKFLOW])).toBe(`POST ${REDACTED} failed: ECONNRESET`);
  });

  it('replaces the URL-decoded form too (an error message may quote it decoded)', () => {
    const decoded = decodeURIComponent(WORKFLOW);
    expect(decoded).not.toBe(WORKFLOW);
    expect(redactSecrets(`fetch ${decoded}`, [WORKFLOW])).toBe(`fetch ${REDACTED}`);
  });

  it('takes a secret that does not percent-decode as it is', () => {
    const odd = 'https://sink.local/hook?sig=ab%zz';
    expect(redactSecrets(`to ${odd}.`, [odd])).toBe('to https://sink.local/…(redacted).');
  });

  it('redacts every secret given, and skips an empty one', () => {
    const other = 'https://sink.local/second';
    expect(redactSecrets(`${WORKFLOW} then ${other}`, ['', WORKFLOW, other])).toBe(`${REDACTED} then https://sink.local/…(redacted)`);
    expect(redactSecrets('nothing secret here', [''])).toBe('nothing secret here');
  });

  it.each([
    ['a re-encoded signature', 'retry with sig=AbC%2Bdef&sv=1.0', 'retry with sig=(redacted)&sv=1.0'],
    ['a function key', 'GET /api/x?code=k3y-value done', 'GET /api/x?code=(redacted) done'],
    ['in quotes', '{"url":"x?SIG=abc"}', '{"url":"x?SIG=(redacted)"}'],
    ['a word that merely ends in sig', 'design=ok', 'design=ok'],
  ])('cuts %s that reached the text some other way', (_what, text, out) => expect(redactSecrets(text, [])).toBe(out));
});

describe('hostAllowed', () => {
  const list = ['*.logic.azure.com', 'sink.local'];
  it.each([
    ['prod-1.westeurope.logic.azure.com', true],
    ['a.logic.azure.com', true],
    ['PROD-1.LOGIC.AZURE.COM', true],
    ['prod-1.logic.azure.com.', true],
    ['sink.local', true],
    ['sink.local.', true],
    ['logic.azure.com', false],
    ['.logic.azure.com', false],
    ['evil-logic.azure.com', false],
    ['xsink.local', false],
    ['a.sink.local', false],
    ['logic.azure.com.evil.example', false],
  ])('%s → %s', (host, allowed) => expect(hostAllowed(host, list)).toBe(allowed));

  it('allows nothing with an empty list', () => expect(hostAllowed('sink.local', [])).toBe(false));
});
