// Reading the ARM JSON the Bicep compiler emits: resources (languageVersion 2.0 keeps them by symbolic name), nested
// module templates, and the template-expression language (`[union(createObject('A', 1), parameters('x'))]`) parsed
// into a tree, so the tests can ask for a setting's keys or a role name wherever the compiler inlined them.

export interface ArmTemplate {
  readonly $schema: string;
  readonly languageVersion?: string;
  readonly parameters?: Record<string, { type: string; defaultValue?: unknown; allowedValues?: unknown[]; metadata?: unknown }>;
  readonly variables?: Record<string, unknown>;
  readonly resources: Record<string, ArmResource> | ArmResource[];
  readonly outputs?: Record<string, { type: string; value: unknown; metadata?: { description?: string } }>;
  readonly metadata?: Record<string, unknown>;
}

export interface ArmResource {
  readonly type: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly condition?: unknown;
  readonly copy?: { name: string; count: unknown };
  readonly scope?: string;
  readonly existing?: boolean;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  readonly properties?: Record<string, unknown> & {
    readonly template?: ArmTemplate;
    readonly parameters?: Record<string, unknown>;
  };
  readonly [key: string]: unknown;
}

/** A resource with the symbolic name Bicep gave it ('' in a languageVersion 1.0 array). */
export interface NamedResource {
  readonly symbol: string;
  readonly resource: ArmResource;
}

export function resourcesOf(template: ArmTemplate): NamedResource[] {
  const r = template.resources;
  return Array.isArray(r)
    ? r.map((resource) => ({ symbol: '', resource }))
    : Object.entries(r).map(([symbol, resource]) => ({ symbol, resource }));
}

export function resource(template: ArmTemplate, symbol: string): ArmResource {
  const found = resourcesOf(template).find((r) => r.symbol === symbol);
  if (!found)
    throw new Error(
      `no resource '${symbol}' (have: ${resourcesOf(template)
        .map((r) => r.symbol)
        .join(', ')})`,
    );
  return found.resource;
}

/** The template of a module (a Microsoft.Resources/deployments resource). */
export function moduleTemplate(template: ArmTemplate, symbol: string): ArmTemplate {
  const nested = resource(template, symbol).properties?.template;
  if (!nested) throw new Error(`'${symbol}' is not a module`);
  return nested;
}

/** A template and every module template inside it, depth first, with the module path ('' for the root). */
export function allTemplates(template: ArmTemplate, path = ''): { path: string; template: ArmTemplate }[] {
  return [
    { path, template },
    ...resourcesOf(template).flatMap(({ symbol, resource: r }) =>
      r.properties?.template ? allTemplates(r.properties.template, path ? `${path}/${symbol}` : symbol) : [],
    ),
  ];
}

/** Every resource of a type in the template and its modules. */
export function resourcesOfType(template: ArmTemplate, type: string): NamedResource[] {
  return allTemplates(template).flatMap(({ template: t }) =>
    resourcesOf(t).filter((r) => r.resource.type.toLowerCase() === type.toLowerCase()),
  );
}

// ---- template expressions ---------------------------------------------------------------------------------------

export type Expr =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: 'property'; readonly target: Expr; readonly name: string }
  | { readonly kind: 'index'; readonly target: Expr; readonly index: Expr };

/** True for a JSON string that ARM evaluates as an expression (`[...]`, but not the `[[` escape). */
export const isExpression = (v: unknown): boolean => typeof v === 'string' && v.startsWith('[') && !v.startsWith('[[') && v.endsWith(']');

/** A JSON value as an expression tree: a `[...]` string is parsed, any other string is a literal. */
export function parse(value: unknown): Expr {
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value !== 'string') throw new Error(`not an ARM string: ${JSON.stringify(value)}`);
  if (!isExpression(value)) return { kind: 'string', value: value.startsWith('[[') ? value.slice(1) : value };
  const p = new Parser(value.slice(1, -1));
  const e = p.expression();
  p.end();
  return e;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  expression(): Expr {
    this.ws();
    let e = this.primary();
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c === '.') {
        this.i++;
        e = { kind: 'property', target: e, name: this.identifier() };
      } else if (c === '[') {
        this.i++;
        const index = this.expression();
        this.expect(']');
        e = { kind: 'index', target: e, index };
      } else {
        return e;
      }
    }
  }

  end(): void {
    this.ws();
    if (this.i !== this.s.length) throw new Error(`unexpected '${this.s.slice(this.i, this.i + 20)}' in ${this.s}`);
  }

  private primary(): Expr {
    const c = this.s[this.i];
    if (c === "'") return { kind: 'string', value: this.string() };
    if (c !== undefined && /[-\d]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(this.s.slice(this.i));
      if (!m) throw new Error(`bad number at ${this.i} in ${this.s}`);
      this.i += m[0].length;
      return { kind: 'number', value: Number(m[0]) };
    }
    const name = this.identifier();
    this.ws();
    this.expect('(');
    const args: Expr[] = [];
    this.ws();
    if (this.s[this.i] === ')') {
      this.i++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      args.push(this.expression());
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      this.expect(')');
      return { kind: 'call', name, args };
    }
  }

  private string(): string {
    this.i++; // opening quote
    let out = '';
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) throw new Error(`unterminated string in ${this.s}`);
      if (c === "'") {
        if (this.s[this.i] === "'") {
          out += "'";
          this.i++;
          continue;
        }
        return out;
      }
      out += c;
    }
  }

  private identifier(): string {
    const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`identifier expected at ${this.i} in ${this.s}`);
    this.i += m[0].length;
    return m[0];
  }

  private expect(c: string): void {
    if (this.s[this.i] !== c) throw new Error(`'${c}' expected at ${this.i} in ${this.s}`);
    this.i++;
  }

  private ws(): void {
    while (this.s[this.i] === ' ') this.i++;
  }
}

/** Canonical text of an expression (without the brackets), for comparing with an expected expression. */
export function print(e: Expr): string {
  switch (e.kind) {
    case 'string':
      return `'${e.value.replace(/'/g, "''")}'`;
    case 'number':
      return String(e.value);
    case 'call':
      return `${e.name}(${e.args.map(print).join(', ')})`;
    case 'property':
      return `${print(e.target)}.${e.name}`;
    case 'index':
      return `${print(e.target)}[${print(e.index)}]`;
  }
}

/** Every call of a function anywhere in the tree, outermost first. */
export function calls(e: Expr, name: string): Extract<Expr, { kind: 'call' }>[] {
  const found: Extract<Expr, { kind: 'call' }>[] = [];
  const walk = (x: Expr): void => {
    if (x.kind === 'call') {
      if (x.name.toLowerCase() === name.toLowerCase()) found.push(x);
      x.args.forEach(walk);
    } else if (x.kind === 'property') walk(x.target);
    else if (x.kind === 'index') {
      walk(x.target);
      walk(x.index);
    }
  };
  walk(e);
  return found;
}

/** The key → value pairs of a createObject call (keys must be literal strings). */
export function objectEntries(call: Extract<Expr, { kind: 'call' }>): [string, Expr][] {
  const pairs: [string, Expr][] = [];
  for (let i = 0; i + 1 < call.args.length; i += 2) {
    const key = call.args[i];
    if (key?.kind !== 'string') throw new Error(`createObject key is not a literal: ${print(call)}`);
    pairs.push([key.value, call.args[i + 1] as Expr]);
  }
  return pairs;
}

/** Every string value in a JSON tree, with the property name it sits under (for walking whole templates). */
export function* jsonStrings(value: unknown, key = ''): Generator<{ key: string; value: string }> {
  if (typeof value === 'string') yield { key, value };
  else if (Array.isArray(value)) for (const v of value) yield* jsonStrings(v, key);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* jsonStrings(v, k);
}

/**
 * Every literal value a property named `name` gets anywhere in the template: plain JSON properties, and createObject
 * keys inside expressions (where the compiler inlined an object that mixes literals and references).
 */
export function literalValuesOf(template: unknown, name: string): string[] {
  const out: string[] = [];
  for (const s of jsonStrings(template)) {
    if (s.key === name && !isExpression(s.value)) out.push(s.value);
    if (isExpression(s.value)) {
      for (const call of calls(parse(s.value), 'createObject')) {
        for (const [k, v] of objectEntries(call)) if (k === name && v.kind === 'string') out.push(v.value);
      }
    }
  }
  return out;
}
