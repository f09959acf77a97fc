// HTTP trigger route templates, matched like the Functions host (ASP.NET routing): `/api/` + route, the function
// name when no route is given, case-insensitive literals, `{name}`, `{name?}`, `{name=default}`, catch-all
// `{*rest}`, and inline constraints such as `{id:int}` or `{code:regex(^[a-z]+$)}`.
import { constraintCheck, type ConstraintCheck } from './routeConstraints.js';

export interface CompiledRoute {
  readonly template: string;
  /** Route values for `path` (URL pathname, still percent-encoded), or undefined when it does not match. */
  match(path: string): Record<string, string> | undefined;
  /** Precedence per segment (lower wins): literals beat parameters, catch-alls come last. */
  readonly rank: readonly number[];
}

interface Param {
  name: string;
  optional: boolean;
  defaultValue?: string;
  checks: ConstraintCheck[];
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function parseParam(inner: string, template: string): Param & { catchAll: boolean } {
  const catchAll = inner.startsWith('*');
  let rest = inner.replace(/^\*{1,2}/, '');
  let defaultValue: string | undefined;
  const eq = rest.indexOf('=');
  if (eq >= 0 && !rest.slice(0, eq).includes('(')) {
    defaultValue = rest.slice(eq + 1);
    rest = rest.slice(0, eq);
  }
  const optional = rest.endsWith('?') || defaultValue !== undefined;
  rest = rest.replace(/\?$/, '');
  const [name = '', ...constraints] = splitConstraints(rest);
  if (!/^[A-Za-z_][\w]*$/.test(name)) throw new Error(`Invalid route parameter "{${inner}}" in route "${template}".`);
  return { name, optional: optional || catchAll, defaultValue, catchAll, checks: constraints.map((c) => constraintCheck(c, template)) };
}

type Token = { kind: 'literal' | 'param'; text: string };

/** Split a segment into literals and `{...}` parameters; `{{` and `}}` are escaped braces (ASP.NET syntax). */
function tokenize(segment: string, template: string): Token[] {
  const tokens: Token[] = [];
  let literal = '';
  let i = 0;
  const escaped = (at: number): boolean => (segment[at] === '{' || segment[at] === '}') && segment[at + 1] === segment[at];
  while (i < segment.length) {
    if (escaped(i)) {
      literal += segment[i];
      i += 2;
    } else if (segment[i] === '{') {
      if (literal) tokens.push({ kind: 'literal', text: literal });
      literal = '';
      let inner = '';
      for (i++; i < segment.length && (segment[i] !== '}' || escaped(i)); i += escaped(i) ? 2 : 1) inner += segment[i];
      if (i >= segment.length) throw new Error(`Unbalanced "{" in route "${template}".`);
      tokens.push({ kind: 'param', text: inner });
      i++;
    } else if (segment[i] === '}') {
      throw new Error(`Unbalanced "}" in route "${template}".`);
    } else literal += segment[i++];
  }
  if (literal) tokens.push({ kind: 'literal', text: literal });
  return tokens;
}

/** Split `id:int:min(1)` on colons that are not inside parentheses (regex constraints may contain colons). */
function splitConstraints(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ':' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

export function compileRoute(template: string, routePrefix = 'api'): CompiledRoute {
  const params: Param[] = [];
  const rank: number[] = [];
  let source = routePrefix ? `/${escapeRegex(routePrefix.replace(/^\/+|\/+$/g, ''))}` : '';
  const segments = template
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s !== '');
  segments.forEach((segment, index) => {
    const tokens = tokenize(segment, template);
    const only = tokens.length === 1 ? tokens[0] : undefined;
    if (only?.kind === 'param') {
      const p = parseParam(only.text, template);
      if (p.catchAll && index !== segments.length - 1)
        throw new Error(`Catch-all "{${only.text}}" must be the last segment of "${template}".`);
      params.push(p);
      source += p.catchAll ? '(?:/(.*))?' : p.optional ? '(?:/([^/]+))?' : '/([^/]+)';
      rank.push(p.catchAll ? 5 : p.optional ? 4 : p.checks.length > 0 ? 2 : 3);
      return;
    }
    // A literal segment, possibly with embedded parameters such as `{name}.{ext}`.
    let piece = '';
    for (const token of tokens) {
      if (token.kind === 'param') {
        params.push({ ...parseParam(token.text, template), optional: false });
        piece += '([^/]+?)';
      } else piece += escapeRegex(token.text);
    }
    source += `/${piece}`;
    rank.push(tokens.some((t) => t.kind === 'param') ? 1 : 0);
  });
  const regex = new RegExp(`^${source}/?$`, 'i');

  return {
    template,
    rank,
    match(path) {
      const m = regex.exec(path);
      if (!m) return undefined;
      const values: Record<string, string> = {};
      for (const [i, p] of params.entries()) {
        const raw = m[i + 1];
        let value: string | undefined;
        try {
          value = raw === undefined || raw === '' ? p.defaultValue : decodeURIComponent(raw);
        } catch {
          return undefined; // malformed percent-encoding cannot match
        }
        if (value === undefined) continue;
        if (!p.checks.every((check) => check(value))) return undefined;
        values[p.name] = value;
      }
      return values;
    },
  };
}

/** Order routes by precedence so `items/special` is tried before `items/{id}` and `{*rest}` last. */
export function compareRank(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}
