// Turns query text into tokens. Literal forms whose insides are not KQL tokens (datetime(2026-01-01),
// timespan(1.02:00:00), guid(...)) are lexed whole, so the parser never has to re-read raw text.
import { syntaxError, type Pos } from './errors.js';
import { UNIT_MS, parseDatetime, parseTimespanText } from './values.js';

export type TokenKind = 'ident' | 'number' | 'string' | 'timespan' | 'datetime' | 'guid' | 'op' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token (for 'op' and 'ident' the operator / name itself). */
  readonly text: string;
  readonly pos: Pos;
  /** Offset just past the token; lets the parser glue `project` `-` `away` only when nothing separates them. */
  readonly end: number;
  /** number → number, string → string, timespan → ms | null, datetime → Date | null, guid → string | null. */
  readonly value?: unknown;
  /** Number literal written with a fraction or exponent (real rather than long). */
  readonly real?: boolean;
}

const OPS = [
  '..',
  '==',
  '!=',
  '<>',
  '=~',
  '!~',
  '<=',
  '>=',
  '|',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  ':',
  '.',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '~',
];
/** Word operators that take a `!` prefix. */
const NEGATABLE = new Set([
  'in',
  'has',
  'contains',
  'startswith',
  'endswith',
  'has_cs',
  'contains_cs',
  'startswith_cs',
  'endswith_cs',
  'between',
  'hasprefix',
  'hassuffix',
]);
const RAW_LITERALS = new Set(['datetime', 'timespan', 'time', 'guid']);

const isIdentStart = (c: string): boolean => /[A-Za-z_$]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

export function tokenize(src: string): Token[] {
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') lineStarts.push(i + 1);
  const posAt = (offset: number): Pos => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, col: offset - (lineStarts[lo] ?? 0) + 1 };
  };
  const ch = (i: number): string => src[i] ?? '';
  const tokens: Token[] = [];
  const push = (kind: TokenKind, start: number, end: number, value?: unknown, real?: boolean): void => {
    tokens.push({ kind, text: src.slice(start, end), pos: posAt(start), end, value, real });
  };

  const readQuoted = (start: number, verbatim: boolean): [string, number] => {
    const quote = ch(start);
    let out = '';
    let i = start + 1;
    for (;;) {
      const c = ch(i);
      if (c === '' || c === '\n') throw syntaxError('unterminated string literal', posAt(start));
      if (c === quote) {
        // In verbatim strings a doubled quote stands for one quote.
        if (verbatim && ch(i + 1) === quote) {
          out += quote;
          i += 2;
          continue;
        }
        return [out, i + 1];
      }
      if (c === '\\' && !verbatim) {
        const e = ch(i + 1);
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        const mapped = simple[e];
        if (mapped === undefined) throw syntaxError(`invalid escape sequence '\\${e}'`, posAt(i));
        out += mapped;
        i += 2;
        continue;
      }
      out += c;
      i++;
    }
  };

  let i = 0;
  while (i < src.length) {
    const c = ch(i);
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v' || c === '\u00a0') {
      i++;
      continue;
    }
    if (c === '/' && ch(i + 1) === '/') {
      while (i < src.length && ch(i) !== '\n') i++;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"') {
      const [text, end] = readQuoted(i, false);
      push('string', start, end, text);
      i = end;
      continue;
    }
    if (c === '@' && (ch(i + 1) === "'" || ch(i + 1) === '"')) {
      const [text, end] = readQuoted(i + 1, true);
      push('string', start, end, text);
      i = end;
      continue;
    }
    if (isDigit(c)) {
      i = readNumber(start);
      continue;
    }
    if (isIdentStart(c)) {
      while (isIdentPart(ch(i + 1))) i++;
      i++;
      const word = src.slice(start, i);
      // Obfuscated strings (h'secret') are plain strings to us.
      if ((word === 'h' || word === 'H') && (ch(i) === "'" || ch(i) === '"')) {
        const [text, end] = readQuoted(i, false);
        push('string', start, end, text);
        i = end;
        continue;
      }
      if (word === 'in' && ch(i) === '~') {
        push('op', start, i + 1);
        i++;
        continue;
      }
      if (RAW_LITERALS.has(word)) {
        let j = i;
        while (/\s/.test(ch(j))) j++;
        if (ch(j) === '(') {
          i = readRawLiteral(word, start, j);
          continue;
        }
      }
      push('ident', start, i);
      continue;
    }
    if (c === '!' && isIdentStart(ch(i + 1))) {
      let j = i + 1;
      while (isIdentPart(ch(j))) j++;
      const word = src.slice(i + 1, j);
      if (NEGATABLE.has(word)) {
        if (word === 'in' && ch(j) === '~') j++;
        push('op', start, j);
        i = j;
        continue;
      }
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op === undefined) throw syntaxError(`unexpected character '${c}'`, posAt(i));
    push('op', start, i + op.length);
    i += op.length;
  }
  tokens.push({ kind: 'eof', text: '<end of query>', pos: posAt(src.length), end: src.length });
  return tokens;

  function readNumber(start: number): number {
    let j = start;
    if (ch(j) === '0' && (ch(j + 1) === 'x' || ch(j + 1) === 'X')) {
      j += 2;
      while (/[0-9a-fA-F]/.test(ch(j))) j++;
      push('number', start, j, parseInt(src.slice(start + 2, j), 16), false);
      return j;
    }
    while (isDigit(ch(j))) j++;
    let real = false;
    // `1..5` is a range, not the number `1.`.
    if (ch(j) === '.' && isDigit(ch(j + 1))) {
      real = true;
      j++;
      while (isDigit(ch(j))) j++;
    }
    if ((ch(j) === 'e' || ch(j) === 'E') && (isDigit(ch(j + 1)) || (/[+-]/.test(ch(j + 1)) && isDigit(ch(j + 2))))) {
      real = true;
      j += 2;
      while (isDigit(ch(j))) j++;
    }
    const num = Number(src.slice(start, j));
    if (isIdentStart(ch(j))) {
      // A number glued to a unit is a timespan literal: 30m, 1.5h, 100ms.
      let k = j;
      while (isIdentPart(ch(k))) k++;
      const unit = src.slice(j, k);
      const ms = UNIT_MS[unit];
      if (ms === undefined) throw syntaxError(`unexpected '${src.slice(start, k)}': unknown timespan unit '${unit}'`, posAt(start));
      push('timespan', start, k, num * ms);
      return k;
    }
    push('number', start, j, num, real);
    return j;
  }

  function readRawLiteral(word: string, start: number, open: number): number {
    const close = src.indexOf(')', open);
    if (close < 0) throw syntaxError(`unterminated ${word}(...) literal`, posAt(start));
    let inner = src.slice(open + 1, close).trim();
    if (/^(['"]).*\1$/.test(inner)) inner = inner.slice(1, -1);
    const kind: TokenKind = word === 'guid' ? 'guid' : word === 'datetime' ? 'datetime' : 'timespan';
    let value: unknown = null;
    if (inner !== 'null') {
      if (kind === 'datetime') value = parseDatetime(inner);
      else if (kind === 'timespan') value = parseTimespanText(inner);
      else value = /^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$/.test(inner) ? inner.toLowerCase() : null;
      if (value === null) throw syntaxError(`invalid ${word} literal '${inner}'`, posAt(start));
    }
    push(kind, start, close + 1, value);
    return close + 1;
  }
}
