// Route matching with ARM's rules: literal segments compare case-insensitively (clients and ARM itself mix
// `resourceGroups`/`resourcegroups`), ':name' captures one segment, '*name' captures one or more segments
// (anywhere, so operation routes can say "any scope"), and a final '*name' also matches nothing.
import type { Route } from './types.js';

export type RouteMatch =
  | { readonly outcome: 'found'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly outcome: 'methodNotAllowed'; readonly allow: readonly string[] }
  | { readonly outcome: 'notFound' };

interface CompiledRoute {
  readonly route: Route;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compilePattern(pattern: string): { regex: RegExp; names: string[] } {
  const segments = pattern.split('/').filter((segment) => segment !== '');
  const names: string[] = [];
  let source = '';
  segments.forEach((segment, index) => {
    const isLast = index === segments.length - 1;
    if (segment.startsWith(':')) {
      names.push(segment.slice(1));
      source += '/([^/]+)';
    } else if (segment.startsWith('*')) {
      names.push(segment.slice(1));
      source += isLast ? '(?:/(.*))?' : '/(.+?)';
    } else {
      source += '/' + escapeRegex(encodeURI(segment));
    }
  });
  // A trailing slash is tolerated, as ARM does.
  return { regex: new RegExp(`^${source}/?$`, 'i'), names };
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // malformed escapes are passed through rather than failing the whole request
  }
}

export class Router {
  private readonly compiled: CompiledRoute[] = [];

  /** Routes are tried in the order they were added; the first match wins. */
  add(routes: readonly Route[]): void {
    for (const route of routes) {
      const { regex, names } = compilePattern(route.pattern);
      this.compiled.push({ route, regex, names });
    }
  }

  /** `pathname` is the raw (still percent-encoded) path of the request URL. */
  match(method: string, pathname: string): RouteMatch {
    const allow = new Set<string>();
    for (const { route, regex, names } of this.compiled) {
      const found = regex.exec(pathname);
      if (!found) continue;
      if (route.method !== method.toUpperCase()) {
        allow.add(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = decodeSegment(found[index + 1] ?? '');
      });
      return { outcome: 'found', route, params };
    }
    return allow.size > 0 ? { outcome: 'methodNotAllowed', allow: [...allow] } : { outcome: 'notFound' };
  }
}
