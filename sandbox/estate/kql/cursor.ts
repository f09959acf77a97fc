// Token cursor shared by the expression and query parsers: look-ahead, expectations, the single place
// that turns "unexpected token" into a positioned SyntaxError, and the JSON-like body of dynamic(...).
import { syntaxError } from './errors.js';
import type { Token } from './lexer.js';
import { Timespan, toStr } from './values.js';

/** Recursion limit of the parsers: deep nesting is a SyntaxError, never a stack overflow. */
export const MAX_DEPTH = 150;

export class TokenCursor {
  protected i = 0;
  protected depth = 0;

  constructor(protected readonly tokens: readonly Token[]) {}

  protected peek(k = 0): Token {
    const last = this.tokens[this.tokens.length - 1];
    const t = this.tokens[this.i + k] ?? last;
    if (!t) throw new Error('token stream without eof');
    return t;
  }
  protected next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  protected isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.text === text;
  }
  protected isWord(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.text === word;
  }
  protected acceptOp(text: string): boolean {
    if (!this.isOp(text)) return false;
    this.i++;
    return true;
  }
  protected acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.i++;
    return true;
  }
  protected expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail(`'${text}'`);
    return this.next();
  }
  protected expectWord(word: string): Token {
    if (!this.isWord(word)) this.fail(`'${word}'`);
    return this.next();
  }
  /** A name: identifier or bracketed `['name with spaces']`. */
  protected expectName(what: string): string {
    const t = this.peek();
    if (t.kind === 'ident') return this.next().text;
    if (t.kind === 'op' && t.text === '[' && this.peek(1).kind === 'string' && this.isOp(']', 2)) {
      this.i += 3;
      return toStr(this.peek(-2).value);
    }
    return this.fail(what);
  }
  protected fail(expected: string, t: Token = this.peek()): never {
    const found = t.kind === 'eof' ? 'end of query' : `'${t.text}'`;
    throw syntaxError(`Syntax error: unexpected ${found}; expected ${expected}`, t.pos);
  }

  /** JSON-like body of dynamic(...): arrays, property bags, strings, numbers, bools, null. */
  protected parseDynamicValue(): unknown {
    if (++this.depth > MAX_DEPTH) throw syntaxError('Syntax error: dynamic literal nested too deeply', this.peek().pos);
    try {
      const t = this.next();
      if (t.kind === 'string') return t.value;
      if (t.kind === 'number') return t.value;
      if (t.kind === 'datetime' || t.kind === 'timespan' || t.kind === 'guid')
        return toStr(t.kind === 'timespan' ? new Timespan(Number(t.value)) : t.value);
      if (t.kind === 'op' && t.text === '-' && this.peek().kind === 'number') return -Number(this.next().value);
      if (t.kind === 'ident' && (t.text === 'true' || t.text === 'false')) return t.text === 'true';
      if (t.kind === 'ident' && t.text === 'null') return null;
      if (t.kind === 'op' && t.text === '[') {
        const arr: unknown[] = [];
        if (!this.isOp(']')) {
          do arr.push(this.parseDynamicValue());
          while (this.acceptOp(','));
        }
        this.expectOp(']');
        return arr;
      }
      if (t.kind === 'op' && t.text === '{') {
        const bag: Record<string, unknown> = {};
        if (!this.isOp('}')) {
          do {
            const k = this.next();
            if (k.kind !== 'string' && k.kind !== 'ident') this.fail('a property name', k);
            this.expectOp(':');
            // defineProperty so a '__proto__' key stays data instead of replacing the prototype.
            Object.defineProperty(bag, k.kind === 'string' ? toStr(k.value) : k.text, {
              value: this.parseDynamicValue(),
              enumerable: true,
              writable: true,
              configurable: true,
            });
          } while (this.acceptOp(','));
        }
        this.expectOp('}');
        return bag;
      }
      return this.fail('a literal value', t);
    } finally {
      this.depth--;
    }
  }
}
