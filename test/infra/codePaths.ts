// Proof that a code path in infra/required-actions.json is real: the file exists, the symbol is declared in it
// (TypeScript: an exported class's method or an exported function, found with the compiler's own parser, not a
// text search), and the symbol's own text makes the call that performs the action (a REST path fragment or an SDK
// method). Bicep and scripts: the setting or resource is there and so is each fragment.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './support.js';

export interface CodePath {
  readonly file: string;
  readonly symbol: string;
  readonly calls: readonly string[];
}

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

const nameOf = (node: ts.Node): string | undefined => {
  const name = (node as { name?: ts.Node }).name;
  return name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
};

/** The source text of `Class.method` or `function` in a TypeScript file, or undefined when not declared there. */
export function declarationText(source: string, fileName: string, symbol: string): string | undefined {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const [owner, member] = symbol.split('.');
  for (const statement of file.statements) {
    if (!isExported(statement) || nameOf(statement) !== owner) continue;
    if (member === undefined) return ts.isFunctionDeclaration(statement) ? statement.getText(file) : undefined;
    if (!ts.isClassDeclaration(statement)) return undefined;
    const found = statement.members.find((m) => nameOf(m) === member && (ts.isMethodDeclaration(m) || ts.isGetAccessor(m)));
    return found?.getText(file);
  }
  return undefined;
}

/** What is wrong with a code path (empty when it is proven). */
export function codePathProblems(code: CodePath | undefined): string[] {
  if (!code || !code.file || !code.symbol || !Array.isArray(code.calls) || code.calls.length === 0) {
    return ['no code path (file, symbol and the calls it makes)'];
  }
  const path = join(repoRoot, code.file);
  if (!existsSync(path)) return [`${code.file} does not exist`];
  const source = readFileSync(path, 'utf8');
  const text = code.file.endsWith('.ts')
    ? declarationText(source, code.file, code.symbol)
    : source.includes(code.symbol)
      ? source
      : undefined;
  if (text === undefined) return [`${code.symbol} is not declared (exported) in ${code.file}`];
  return code.calls
    .filter((c: string) => !text.includes(c))
    .map((c: string) => `${code.symbol} in ${code.file} does not call ${JSON.stringify(c)}`);
}
