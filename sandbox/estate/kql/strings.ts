// String operators (=~, has, contains, startswith, endswith, matches regex and their negations) and the
// regex dialect bridge: Kusto uses RE2 syntax, which JS RegExp accepts apart from a few spellings.
import { semanticError, type Pos } from './errors.js';
import type { Compiled } from './compiled.js';
import { toStr } from './values.js';

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * `has` matches whole terms: the needle must not be glued to letters/digits on the sides where the needle
 * itself starts/ends with one. Both arguments are expected lower-cased.
 */
export function hasTerm(text: string, needle: string, mode: 'term' | 'prefix' | 'suffix' = 'term'): boolean {
  if (needle === '') return true;
  const checkStart = mode !== 'suffix' && isWordChar(needle[0]);
  const checkEnd = mode !== 'prefix' && isWordChar(needle[needle.length - 1]);
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    if (checkStart && isWordChar(text[at - 1])) continue;
    if (checkEnd && isWordChar(text[at + needle.length])) continue;
    return true;
  }
  return false;
}

type Test = (text: string, needle: string) => boolean;

const TESTS: Readonly<Record<string, [Test, boolean]>> = {
  // [test, case-sensitive]
  '=~': [(a, b) => a === b, false],
  has: [(a, b) => hasTerm(a, b), false],
  has_cs: [(a, b) => hasTerm(a, b), true],
  hasprefix: [(a, b) => hasTerm(a, b, 'prefix'), false],
  hassuffix: [(a, b) => hasTerm(a, b, 'suffix'), false],
  contains: [(a, b) => a.includes(b), false],
  contains_cs: [(a, b) => a.includes(b), true],
  startswith: [(a, b) => a.startsWith(b), false],
  startswith_cs: [(a, b) => a.startsWith(b), true],
  endswith: [(a, b) => a.endsWith(b), false],
  endswith_cs: [(a, b) => a.endsWith(b), true],
};

export function stringOp(op: string, l: Compiled, r: Compiled, pos: Pos): Compiled {
  if (op === 'matches regex') {
    const regexOf = regexFactory(r, pos);
    return { type: 'bool', eval: (row) => regexOf(r.eval(row))?.test(toStr(l.eval(row))) ?? false };
  }
  const negated = op.startsWith('!') && op !== '!~';
  const base = op === '!~' ? '=~' : negated ? op.slice(1) : op;
  const entry = TESTS[base];
  if (!entry) throw semanticError(`Unsupported operator '${op}'`, pos);
  const [test, caseSensitive] = entry;
  const fix = caseSensitive ? (s: string): string => s : (s: string): string => s.toLowerCase();
  const needleConst = r.constant ? fix(toStr(r.eval([]))) : undefined;
  const flip = negated || op === '!~';
  return {
    type: 'bool',
    eval: (row) => test(fix(toStr(l.eval(row))), needleConst ?? fix(toStr(r.eval(row)))) !== flip,
  };
}

/** RE2 → JS: a leading (?i) becomes the i flag, (?P<name>…) becomes (?<name>…). Invalid → undefined. */
export function toRegExp(pattern: string, extraFlags = ''): RegExp | undefined {
  let flags = extraFlags;
  let body = pattern;
  const inline = /^\(\?([imsU]+)\)/.exec(body);
  if (inline) {
    body = body.slice(inline[0].length);
    for (const f of inline[1] ?? '') if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  body = body.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(body, flags);
  } catch {
    return undefined;
  }
}

/**
 * Regex for a pattern argument: compiled once when the argument is constant (a bad constant pattern is a
 * SemanticError), otherwise built from the evaluated pattern value and cached per distinct pattern.
 */
export function regexFactory(c: Compiled, pos: Pos, flags = ''): (pattern: unknown) => RegExp | undefined {
  if (c.constant) {
    const source = toStr(c.eval([]));
    const re = toRegExp(source, flags);
    if (!re) throw semanticError(`Invalid regular expression '${source}'`, pos);
    return () => re;
  }
  const cache = new Map<string, RegExp | undefined>();
  return (pattern) => {
    const source = toStr(pattern);
    if (!cache.has(source)) {
      if (cache.size > 1000) cache.clear();
      cache.set(source, toRegExp(source, flags));
    }
    return cache.get(source);
  };
}
