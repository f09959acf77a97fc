// Recursive-descent parser for scalar expressions. Precedence, lowest first:
// or → and → comparisons (==, has, in, between …) → + - → * / % → unary - → postfix (.x, [i]) → primary.
import type { Expr } from './ast.js';
import { KqlError, syntaxError } from './errors.js';
import { MAX_DEPTH, TokenCursor } from './cursor.js';
import type { Token } from './lexer.js';
import type { KqlType } from './types.js';
import { Timespan } from './values.js';

const SYMBOL_COMPARISONS = new Set(['==', '!=', '<>', '<', '<=', '>', '>=', '=~', '!~']);
const STRING_OPERATORS = [
  'has',
  'contains',
  'startswith',
  'endswith',
  'has_cs',
  'contains_cs',
  'startswith_cs',
  'endswith_cs',
  'hasprefix',
  'hassuffix',
];
const WORD_COMPARISONS = new Set([...STRING_OPERATORS, ...STRING_OPERATORS.map((o) => `!${o}`)]);
const LIST_OPERATORS = new Set(['in', '!in', 'in~', '!in~', 'has_any', 'has_all']);
/** `long(5)`, `real(null)`, `bool(true)`: typed literal constructors. */
// prettier-ignore
const TYPED_LITERALS: Readonly<Record<string, KqlType>> = {
  long: 'long', int: 'int', real: 'real', double: 'real', decimal: 'real', bool: 'bool', boolean: 'bool', string: 'string',
};

export class ExprParser extends TokenCursor {
  parseExpr(): Expr {
    if (++this.depth > MAX_DEPTH) throw syntaxError('Syntax error: expression nested too deeply', this.peek().pos);
    try {
      return this.parseOr();
    } finally {
      this.depth--;
    }
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      const pos = this.next().pos;
      left = { kind: 'binary', op: 'or', left, right: this.parseAnd(), pos };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseComparison();
    while (this.isWord('and')) {
      const pos = this.next().pos;
      left = { kind: 'binary', op: 'and', left, right: this.parseComparison(), pos };
    }
    return left;
  }

  private parseComparison(): Expr {
    let left = this.parseAdditive();
    for (;;) {
      const t = this.peek();
      const word = t.kind === 'op' || t.kind === 'ident' ? t.text : '';
      if ((t.kind === 'op' && SYMBOL_COMPARISONS.has(word)) || WORD_COMPARISONS.has(word)) {
        this.next();
        const op = word === '<>' ? '!=' : word;
        left = { kind: 'binary', op, left, right: this.parseAdditive(), pos: t.pos };
      } else if (LIST_OPERATORS.has(word)) {
        this.next();
        this.expectOp('(');
        const list: Expr[] = [];
        if (!this.isOp(')')) {
          do list.push(this.parseExpr());
          while (this.acceptOp(','));
        }
        this.expectOp(')');
        left = { kind: 'in', op: word, left, list, pos: t.pos };
      } else if (word === 'between' || word === '!between') {
        this.next();
        this.expectOp('(');
        const low = this.parseAdditive();
        this.expectOp('..');
        const high = this.parseAdditive();
        this.expectOp(')');
        left = { kind: 'between', negated: word === '!between', left, low, high, pos: t.pos };
      } else if (t.kind === 'ident' && word === 'matches') {
        this.next();
        this.expectWord('regex');
        left = { kind: 'binary', op: 'matches regex', left, right: this.parseAdditive(), pos: t.pos };
      } else {
        return left;
      }
    }
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { kind: 'binary', op: t.text, left, right: this.parseMultiplicative(), pos: t.pos };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const t = this.next();
      left = { kind: 'binary', op: t.text, left, right: this.parseUnary(), pos: t.pos };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.isOp('-') || this.isOp('+')) {
      const t = this.next();
      if (++this.depth > MAX_DEPTH) throw syntaxError('Syntax error: expression nested too deeply', t.pos);
      try {
        return { kind: 'unary', op: t.text === '-' ? '-' : '+', operand: this.parseUnary(), pos: t.pos };
      } finally {
        this.depth--;
      }
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    let e = this.parsePrimary();
    for (;;) {
      if (this.isOp('.')) {
        const pos = this.next().pos;
        e = { kind: 'member', target: e, name: this.expectName("a property name after '.'"), pos };
      } else if (this.isOp('[')) {
        const pos = this.next().pos;
        const index = this.parseExpr();
        this.expectOp(']');
        e = { kind: 'index', target: e, index, pos };
      } else {
        return e;
      }
    }
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    const pos = t.pos;
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'literal', type: t.real ? 'real' : 'long', value: t.value, pos };
      case 'string':
        this.next();
        return { kind: 'literal', type: 'string', value: t.value, pos };
      case 'timespan':
        this.next();
        return { kind: 'literal', type: 'timespan', value: typeof t.value === 'number' ? new Timespan(t.value) : null, pos };
      case 'datetime':
        this.next();
        return { kind: 'literal', type: 'datetime', value: t.value, pos };
      case 'guid':
        this.next();
        return { kind: 'literal', type: 'guid', value: t.value, pos };
      case 'ident':
        return this.parseIdentPrimary(t);
      case 'op':
        if (t.text === '(') {
          this.next();
          const inner = this.parseExpr();
          this.expectOp(')');
          return inner;
        }
        if (t.text === '[' && this.peek(1).kind === 'string') return { kind: 'name', name: this.expectName('a column name'), pos };
        return this.fail('an expression');
      default:
        return this.fail('an expression');
    }
  }

  private parseIdentPrimary(t: Token): Expr {
    const pos = t.pos;
    const word = t.text;
    if (word === 'true' || word === 'false') {
      this.next();
      return { kind: 'literal', type: 'bool', value: word === 'true', pos };
    }
    if (word === 'null') {
      this.next();
      return { kind: 'literal', type: 'dynamic', value: null, pos };
    }
    if (!this.isOp('(', 1)) {
      this.next();
      return { kind: 'name', name: word, pos };
    }
    // Its argument is a whole sub-query, which this engine does not run inside expressions.
    if (word === 'toscalar')
      throw new KqlError('UnknownFunction', "Unknown function: 'toscalar' (sub-queries in expressions are not supported)", pos);
    if (word === 'dynamic') {
      this.i += 2;
      const value = this.parseDynamicValue();
      this.expectOp(')');
      return { kind: 'literal', type: 'dynamic', value, pos };
    }
    const typed = TYPED_LITERALS[word];
    if (typed !== undefined) {
      this.i += 2;
      const value = this.parseDynamicValue();
      this.expectOp(')');
      return { kind: 'literal', type: typed, value, pos };
    }
    this.i += 2;
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      do {
        if (this.isOp('*')) args.push({ kind: 'star', pos: this.next().pos });
        else args.push(this.parseExpr());
      } while (this.acceptOp(','));
    }
    this.expectOp(')');
    return { kind: 'call', name: word, args, pos };
  }
}
