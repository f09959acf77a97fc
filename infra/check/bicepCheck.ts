// Offline Bicep check, used when the real Bicep compiler cannot be had (the NuGet copy this project reaches has no
// Azure.Bicep.CommandLine.* package; see .ci/bicep.sh). It is not the compiler: it parses with tree-sitter-bicep
// (WebAssembly, no native addon) and runs the cheap checks that catch most slips the compiler would:
//   syntax          ERROR / MISSING nodes
//   undefined       identifiers that are not declared (file symbols, loop and lambda variables, imports)
//   function        calls to functions and decorators Bicep does not have
//   unused          params, vars, imports and `existing` resources nobody reads (linter: no-unused-*)
//   module          module paths exist; params passed exist there; required params are passed; `.outputs.x` exists
//   import          imported files exist and export the imported names
//   load            loadJsonContent / loadTextContent paths exist
//   resource-type   every `Type@api-version` is in infra/check/resource-types.json (vetted list)
//   description     AVM style: every param, output and exported type field is described, params and fields as
//                   "Required." or "Optional." matching whether they have a default or are nullable
//   orphan          every .bicep file is reached from main.bicep
// `#disable-next-line <code>` works for the linter codes it mirrors (no-unused-params, no-unused-vars, ...).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';

export interface BicepDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly message: string;
}

export interface ParsedBicep {
  readonly path: string;
  readonly source: string;
  readonly root: Node;
}

let parser: Promise<Parser> | undefined;

async function loadParser(): Promise<Parser> {
  await Parser.init();
  const require = createRequire(import.meta.url);
  const language = await Language.load(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
  const p = new Parser();
  p.setLanguage(language);
  return p;
}

/**
 * tree-sitter-bicep 1.1.0 misreads `param x someType?` followed by an undecorated statement as the start of a
 * ternary; `param x (someType)?` means the same to Bicep and parses. Same length plus two, same line numbers.
 */
function workAroundGrammar(source: string): string {
  return source.replace(/^(\s*param\s+[A-Za-z_]\w*\s+)([A-Za-z_][\w.]*)\?(?=\s*(\/\/.*)?$)/gm, '$1($2)?');
}

/** Parse Bicep source (the grammar work-around applied); the tree is the parser's, the source the caller's. */
export async function parseBicep(source: string, path = '<source>'): Promise<ParsedBicep> {
  parser ??= loadParser();
  const tree = (await parser).parse(workAroundGrammar(source));
  if (!tree) throw new Error(`tree-sitter could not parse ${path}`);
  return { path, source, root: tree.rootNode };
}

export async function parseBicepFile(path: string): Promise<ParsedBicep> {
  return parseBicep(readFileSync(path, 'utf8'), path);
}

// ---------------------------------------------------------------------------------------------------------------
// Tree helpers (also used by the tests that read settings and role assignments out of the templates)
// ---------------------------------------------------------------------------------------------------------------

const DECLARATIONS = new Set([
  'parameter_declaration',
  'variable_declaration',
  'resource_declaration',
  'module_declaration',
  'output_declaration',
  'type_declaration',
  'metadata_declaration',
]);

/** The declared name of a declaration node. */
export function declaredName(node: Node): string | undefined {
  if (node.type === 'user_defined_function') return node.childForFieldName('name')?.text;
  return node.namedChildren.find((c) => c.type === 'identifier')?.text;
}

/** The decorators written right above a declaration or object property (they are its preceding siblings). */
export function decoratorsOf(node: Node): Node[] {
  const out: Node[] = [];
  for (let s = node.previousNamedSibling; s; s = s.previousNamedSibling) {
    if (s.type === 'decorators') out.unshift(...s.namedChildren.filter((d) => d.type === 'decorator'));
    else if (s.type !== 'comment' && s.type !== 'diagnostic_comment') break;
  }
  return out;
}

/** The function name of a decorator (`description` for `@description(...)` and `@sys.description(...)`). */
function decoratorName(decorator: Node): string {
  const call = decorator.namedChildren.find((c) => c.type === 'call_expression');
  const fn = call?.childForFieldName('function');
  if (!fn) return '';
  return fn.type === 'member_expression' ? (fn.childForFieldName('property')?.text ?? '') : fn.text;
}

/** The text of a single-quoted literal (no interpolation), else undefined. */
export function stringLiteral(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'string' || node.namedChildren.some((c) => c.type === 'interpolation')) return undefined;
  return node.namedChildren
    .map((c) => (c.type === 'escape_sequence' ? unescape(c.text) : c.text))
    .join('')
    .replace(/^'''\r?\n?|'''$/g, '');
}

function unescape(seq: string): string {
  const map: Record<string, string> = { "\\'": "'", '\\\\': '\\', '\\n': '\n', '\\r': '\r', '\\t': '\t', '\\$': '$' };
  return map[seq] ?? seq;
}

function decoratorArgument(decorator: Node): Node | undefined {
  const call = decorator.namedChildren.find((c) => c.type === 'call_expression');
  return call?.childForFieldName('arguments')?.namedChildren[0];
}

/** Key of an object property (identifier, quoted or interpolated string text). */
export function propertyKey(prop: Node): string | undefined {
  const key = prop.namedChildren[0];
  if (!key) return undefined;
  if (key.type === 'identifier' || key.type === 'compatible_identifier') return key.text;
  if (key.type === 'string') return stringLiteral(key) ?? key.text;
  return undefined;
}

/** The value node of an object property (the node after the colon). */
export function propertyValue(prop: Node): Node | undefined {
  const children = prop.namedChildren.filter((c) => c.type !== 'comment');
  return children.length >= 2 ? children[children.length - 1] : undefined;
}

/** The top-level declarations of a file, by kind. */
export function topLevel(file: ParsedBicep, type: string): Node[] {
  return file.root.namedChildren.filter((c) => c.type === type);
}

/** The value expression of a top-level `var`. */
export function variableValue(file: ParsedBicep, name: string): Node | undefined {
  const decl = topLevel(file, 'variable_declaration').find((d) => declaredName(d) === name);
  return decl?.namedChildren[1];
}

/** Keys of an object literal, in order. */
export function objectKeys(object: Node): string[] {
  return object.namedChildren.filter((c) => c.type === 'object_property').flatMap((p) => propertyKey(p) ?? []);
}

/** Every node of a type under a root. */
export function descendants(root: Node, type: string): Node[] {
  return root.descendantsOfType(type).filter((n): n is Node => n !== null);
}

/** String literal values of every object property named `key` anywhere in the file. */
export function stringPropertyValues(file: ParsedBicep, key: string): string[] {
  return descendants(file.root, 'object_property')
    .filter((p) => propertyKey(p) === key)
    .flatMap((p) => stringLiteral(propertyValue(p)) ?? []);
}

/** The body object of a resource or module declaration (through `if` and `for`). */
export function bodyObject(decl: Node): Node | undefined {
  let n: Node | undefined = decl.namedChildren[decl.namedChildren.length - 1];
  for (let i = 0; n && i < 3; i++) {
    if (n.type === 'object') return n;
    if (n.type === 'for_statement') n = n.childForFieldName('body') ?? undefined;
    else if (n.type === 'if_statement') n = n.namedChildren.find((c) => c.type === 'object');
    else return undefined;
  }
  return n?.type === 'object' ? n : undefined;
}

/** The value of property `key` in an object literal. */
export function property(object: Node | undefined, key: string): Node | undefined {
  const prop = object?.namedChildren.find((c) => c.type === 'object_property' && propertyKey(c) === key);
  return prop ? propertyValue(prop) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// What Bicep has built in
// ---------------------------------------------------------------------------------------------------------------

const FUNCTIONS = new Set(
  (
    'any array bool int json string concat contains empty first last indexOf lastIndexOf length max min intersection ' +
    'union range skip take coalesce equals greater greaterOrEquals less lessOrEquals and or not base64 base64ToJson ' +
    'base64ToString dataUri dataUriToString endsWith startsWith format guid newGuid padLeft replace split substring ' +
    'toLower toUpper trim uniqueString uri uriComponent uriComponentToString utcNow dateTimeAdd dateTimeFromEpoch ' +
    'dateTimeToEpoch div mod mul sub add environment deployment deployer resourceGroup subscription managementGroup ' +
    'tenant resourceId subscriptionResourceId tenantResourceId managementGroupResourceId extensionResourceId ' +
    'reference list listKeys listSecrets listAccountSas listServiceSas pickZones providers getSecret items filter ' +
    'map reduce sort toObject flatten objectKeys shallowMerge groupBy mapValues tryGet tryIndexFromEnd indexFromEnd ' +
    'loadJsonContent loadYamlContent loadTextContent loadFileAsBase64 readEnvironmentVariable parseCidr cidrSubnet ' +
    'cidrHost join buildUri parseUri fail'
  ).split(/\s+/),
);

const DECORATORS = new Set(
  'description allowed minLength maxLength minValue maxValue secure metadata export batchSize sealed discriminator'.split(' '),
);

const NAMESPACES = new Set(['az', 'sys']);

const CONTAINER_STATEMENTS = new Set(['import_functionality', 'import_statement', 'import_with_statement', 'using_statement']);

// ---------------------------------------------------------------------------------------------------------------
// The checker
// ---------------------------------------------------------------------------------------------------------------

interface FileSymbols {
  readonly declared: Map<string, { node: Node; kind: string }>;
  readonly used: Set<string>;
  readonly funcs: Set<string>;
}

interface ModuleSignature {
  readonly params: Map<string, { required: boolean }>;
  readonly outputs: Set<string>;
  readonly exportedTypes: Set<string>;
}

export interface CheckOptions {
  /** The infra folder: main.bicep lives there, and check/resource-types.json under it. */
  readonly infraDir: string;
  /** Where file names in diagnostics are relative to (default: the parent of infraDir). */
  readonly displayRoot?: string;
}

/** Every .bicep file under a folder (the check/ folder and node_modules excluded). */
export function bicepFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      if (entry !== 'node_modules' && entry !== 'check' && !entry.startsWith('.')) out.push(...bicepFiles(p));
    } else if (entry.endsWith('.bicep')) out.push(p);
  }
  return out.sort();
}

/** Check every .bicep file under `infraDir`; returns the diagnostics (empty = clean). */
export async function checkBicep(options: CheckOptions): Promise<BicepDiagnostic[]> {
  const infraDir = resolve(options.infraDir);
  const displayRoot = options.displayRoot ?? dirname(infraDir);
  const files = bicepFiles(infraDir);
  const parsed = new Map<string, ParsedBicep>();
  for (const f of files) parsed.set(f, await parseBicepFile(f));
  const allowList = JSON.parse(readFileSync(join(infraDir, 'check', 'resource-types.json'), 'utf8')) as {
    types: Record<string, string[]>;
  };
  const diagnostics: BicepDiagnostic[] = [];
  const signatures = new Map<string, ModuleSignature>();
  const signatureOf = async (path: string): Promise<ModuleSignature | undefined> => {
    if (!existsSync(path)) return undefined;
    let sig = signatures.get(path);
    if (!sig) {
      const file = parsed.get(path) ?? (await parseBicepFile(path));
      sig = signature(file);
      signatures.set(path, sig);
    }
    return sig;
  };
  const reached = new Set<string>();
  for (const file of parsed.values()) {
    const report = (node: Node, code: string, message: string) =>
      diagnostics.push({
        file: relative(displayRoot, file.path),
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        code,
        message,
      });
    const fileDiagnosticsStart = diagnostics.length;
    checkSyntax(file.root, report);
    const symbols = collectSymbols(file, report);
    resolveReferences(file.root, symbols, report);
    checkUnused(symbols, report);
    checkDescriptions(file, report);
    for (const ref of await checkReferences(file, signatureOf, report)) reached.add(ref);
    checkResourceTypes(file, allowList.types, report);
    suppressDisabled(file, diagnostics, fileDiagnosticsStart);
  }
  const main = join(infraDir, 'main.bicep');
  if (parsed.has(main)) {
    const seen = new Set<string>([main]);
    const queue = [main];
    for (let f = queue.shift(); f; f = queue.shift()) {
      const file = parsed.get(f);
      if (!file) continue;
      for (const ref of referencedFiles(file)) {
        if (!seen.has(ref)) {
          seen.add(ref);
          queue.push(ref);
        }
      }
    }
    for (const f of files) {
      if (!seen.has(f)) {
        diagnostics.push({ file: relative(displayRoot, f), line: 1, column: 1, code: 'orphan', message: 'not reached from main.bicep' });
      }
    }
  }
  return diagnostics;
}

type Report = (node: Node, code: string, message: string) => void;

/** web-tree-sitter hands out a new wrapper object per access: compare nodes by id. */
const same = (a: Node | null | undefined, b: Node | null | undefined): boolean => !!a && !!b && a.id === b.id;

function checkSyntax(root: Node, report: Report): void {
  const walk = (n: Node) => {
    if (n.isMissing) report(n, 'syntax', `missing ${n.type}`);
    else if (n.type === 'ERROR') report(n, 'syntax', `cannot parse \`${n.text.split('\n')[0]?.slice(0, 60) ?? ''}\``);
    if (n.hasError) for (const c of n.children) walk(c);
  };
  walk(root);
}

function collectSymbols(file: ParsedBicep, report: Report): FileSymbols {
  const declared = new Map<string, { node: Node; kind: string }>();
  const funcs = new Set<string>();
  const declare = (name: string | undefined, node: Node, kind: string) => {
    if (!name) return;
    if (declared.has(name)) report(node, 'duplicate', `'${name}' is declared twice`);
    declared.set(name, { node, kind });
  };
  for (const stmt of file.root.namedChildren) {
    if (DECLARATIONS.has(stmt.type)) {
      // Metadata and outputs are not symbols other declarations can reference.
      if (stmt.type !== 'metadata_declaration' && stmt.type !== 'output_declaration') declare(declaredName(stmt), stmt, stmt.type);
    } else if (stmt.type === 'user_defined_function') {
      declare(declaredName(stmt), stmt, stmt.type);
      const name = declaredName(stmt);
      if (name) funcs.add(name);
    } else if (stmt.type === 'import_functionality' || stmt.type === 'import_statement') {
      for (const id of stmt.namedChildren.filter((c) => c.type === 'identifier')) declare(id.text, id, 'import');
    }
  }
  // Nested resources (`resource child 'config' = {...}` inside a parent) are reachable as parent::child; accept them
  // as names anywhere rather than model Bicep's scoping exactly.
  for (const nested of descendants(file.root, 'resource_declaration')) {
    if (nested.parent?.type !== 'infrastructure') declare(declaredName(nested), nested, 'nested_resource');
  }
  return { declared, used: new Set(), funcs };
}

function resolveReferences(root: Node, symbols: FileSymbols, report: Report): void {
  // A built-in function name counts as defined even bare: the grammar splits `[subscription().id]` after `(` or `?`
  // into `subscription` and `().id`.
  const isDefined = (name: string, scope: ReadonlySet<string>) =>
    scope.has(name) || symbols.declared.has(name) || NAMESPACES.has(name) || FUNCTIONS.has(name);
  const visit = (n: Node, scope: ReadonlySet<string>): void => {
    switch (n.type) {
      case 'ERROR':
      case 'comment':
      case 'diagnostic_comment':
        return;
      case 'parameter_declaration':
      case 'variable_declaration':
      case 'output_declaration':
      case 'metadata_declaration':
      case 'type_declaration':
        n.namedChildren.slice(1).forEach((c) => visit(c, scope));
        return;
      case 'resource_declaration':
      case 'module_declaration':
        // name, then the type or path string, then the body
        n.namedChildren.slice(2).forEach((c) => visit(c, scope));
        return;
      case 'user_defined_function': {
        const inner = new Set(scope);
        for (const p of descendants(n, 'parameter')) {
          const id = p.namedChildren.find((c) => c.type === 'identifier');
          if (id) inner.add(id.text);
        }
        const name = n.childForFieldName('name');
        for (const c of n.namedChildren) if (!same(c, name)) visit(c, inner);
        return;
      }
      case 'object_property': {
        const [key, ...rest] = n.namedChildren;
        if (key && key.type !== 'identifier' && key.type !== 'compatible_identifier') visit(key, scope);
        rest.forEach((c) => visit(c, scope));
        return;
      }
      case 'member_expression': {
        const object = n.childForFieldName('object');
        if (object) visit(object, scope);
        return;
      }
      case 'resource_expression': {
        const object = n.childForFieldName('object');
        if (object) visit(object, scope);
        return;
      }
      case 'call_expression': {
        const fn = n.childForFieldName('function');
        const inDecorator = n.parent?.type === 'decorator';
        if (fn?.type === 'identifier') {
          const known = inDecorator ? DECORATORS.has(fn.text) : FUNCTIONS.has(fn.text) || symbols.funcs.has(fn.text);
          if (!known) report(fn, 'function', `unknown ${inDecorator ? 'decorator' : 'function'} '${fn.text}'`);
          if (symbols.funcs.has(fn.text)) symbols.used.add(fn.text);
        } else if (fn?.type === 'member_expression') {
          const object = fn.childForFieldName('object');
          const prop = fn.childForFieldName('property')?.text ?? '';
          if (object?.text === 'sys' || object?.text === 'az') {
            const known = object.text === 'sys' && inDecorator ? DECORATORS.has(prop) : FUNCTIONS.has(prop);
            if (!known) report(fn, 'function', `unknown function '${fn.text}'`);
          } else if (object) {
            visit(object, scope);
          }
        } else if (fn) {
          visit(fn, scope);
        }
        for (const c of n.namedChildren) if (!same(c, fn)) visit(c, scope);
        return;
      }
      case 'for_statement': {
        const inner = new Set(scope);
        const initializer = n.childForFieldName('initializer');
        if (initializer) inner.add(initializer.text);
        const params = n.namedChildren.find((c) => c.type === 'for_loop_parameters');
        for (const v of params?.namedChildren ?? []) inner.add(v.text);
        const body = n.childForFieldName('body');
        for (const c of n.namedChildren) {
          if (same(c, initializer) || same(c, params)) continue;
          visit(c, same(c, body) ? inner : scope);
        }
        return;
      }
      case 'lambda_expression': {
        const [params, ...rest] = n.namedChildren;
        const inner = new Set(scope);
        if (params?.type === 'identifier') inner.add(params.text);
        else for (const id of params?.namedChildren ?? []) if (id.type === 'identifier') inner.add(id.text);
        rest.forEach((c) => visit(c, inner));
        return;
      }
      case 'identifier': {
        if (isDefined(n.text, scope)) {
          if (!scope.has(n.text)) symbols.used.add(n.text);
        } else {
          report(n, 'undefined', `'${n.text}' is not declared`);
        }
        return;
      }
      default:
        if (CONTAINER_STATEMENTS.has(n.type)) return;
        n.namedChildren.forEach((c) => visit(c, scope));
    }
  };
  visit(root, new Set());
}

const UNUSED_CODES: Record<string, string> = {
  parameter_declaration: 'no-unused-params',
  variable_declaration: 'no-unused-vars',
  import: 'no-unused-imports',
  user_defined_function: 'no-unused-functions',
};

function checkUnused(symbols: FileSymbols, report: Report): void {
  for (const [name, { node, kind }] of symbols.declared) {
    if (symbols.used.has(name)) continue;
    const isExisting = kind === 'resource_declaration' && node.children.some((c) => c.type === 'existing');
    const code = isExisting ? 'no-unused-existing-resources' : UNUSED_CODES[kind];
    if (code) report(node, code, `'${name}' is declared but never used`);
  }
}

function checkDescriptions(file: ParsedBicep, report: Report): void {
  const descriptionOf = (node: Node) => {
    const d = decoratorsOf(node).find((x) => decoratorName(x) === 'description');
    return d ? (stringLiteral(decoratorArgument(d)) ?? '') : undefined;
  };
  const expectPrefix = (node: Node, what: string, optional: boolean) => {
    const text = descriptionOf(node);
    if (text === undefined) {
      report(node, 'description', `${what} has no @description`);
      return;
    }
    const want = optional ? /^(Optional|Conditional)\. / : /^(Required|Conditional)\. /;
    if (!want.test(text)) report(node, 'description', `${what}: description must start with "${optional ? 'Optional.' : 'Required.'}"`);
  };
  for (const p of topLevel(file, 'parameter_declaration')) {
    const type = p.namedChildren[1];
    const optional = p.namedChildren.length > 2 || type?.namedChildren[0]?.type === 'nullable_type';
    expectPrefix(p, `param '${declaredName(p) ?? ''}'`, optional);
  }
  for (const o of topLevel(file, 'output_declaration')) {
    if (descriptionOf(o) === undefined) report(o, 'description', `output '${declaredName(o) ?? ''}' has no @description`);
  }
  for (const t of topLevel(file, 'type_declaration')) {
    const exported = decoratorsOf(t).some((d) => decoratorName(d) === 'export');
    if (!exported) continue;
    if (descriptionOf(t) === undefined) report(t, 'description', `type '${declaredName(t) ?? ''}' has no @description`);
    const object = t.namedChildren.find((c) => c.type === 'object');
    for (const prop of object?.namedChildren.filter((c) => c.type === 'object_property') ?? []) {
      const key = propertyKey(prop);
      if (!key) continue; // `*: string`
      const value = propertyValue(prop);
      expectPrefix(prop, `field '${declaredName(t) ?? ''}.${key}'`, value?.type === 'nullable_type');
    }
  }
}

function signature(file: ParsedBicep): ModuleSignature {
  const params = new Map<string, { required: boolean }>();
  for (const p of topLevel(file, 'parameter_declaration')) {
    const name = declaredName(p);
    const type = p.namedChildren[1];
    const optional = p.namedChildren.length > 2 || type?.namedChildren[0]?.type === 'nullable_type';
    if (name) params.set(name, { required: !optional });
  }
  const outputs = new Set(topLevel(file, 'output_declaration').flatMap((o) => declaredName(o) ?? []));
  const exportedTypes = new Set(
    topLevel(file, 'type_declaration')
      .filter((t) => decoratorsOf(t).some((d) => decoratorName(d) === 'export'))
      .flatMap((t) => declaredName(t) ?? []),
  );
  return { params, outputs, exportedTypes };
}

function localPath(file: ParsedBicep, node: Node | undefined): string | undefined {
  const text = stringLiteral(node);
  if (text === undefined || /^(br|ts)[:/]/.test(text)) return undefined;
  return resolve(dirname(file.path), text);
}

/** Files a template references: modules and imports (paths resolved). */
export function referencedFiles(file: ParsedBicep): string[] {
  const refs: string[] = [];
  for (const m of topLevel(file, 'module_declaration')) {
    const p = localPath(file, m.namedChildren[1]);
    if (p) refs.push(p);
  }
  for (const i of [...topLevel(file, 'import_functionality'), ...topLevel(file, 'import_statement')]) {
    const p = localPath(
      file,
      i.namedChildren.find((c) => c.type === 'string'),
    );
    if (p) refs.push(p);
  }
  return refs;
}

async function checkReferences(
  file: ParsedBicep,
  signatureOf: (path: string) => Promise<ModuleSignature | undefined>,
  report: Report,
): Promise<string[]> {
  const reached: string[] = [];
  const modules = new Map<string, ModuleSignature>();
  for (const m of topLevel(file, 'module_declaration')) {
    const pathNode = m.namedChildren[1];
    const path = localPath(file, pathNode);
    if (!path) continue;
    reached.push(path);
    const sig = await signatureOf(path);
    if (!sig) {
      report(pathNode ?? m, 'module', `module file ${stringLiteral(pathNode) ?? ''} does not exist`);
      continue;
    }
    const name = declaredName(m);
    if (name) modules.set(name, sig);
    const paramsObject = property(bodyObject(m), 'params');
    const passed = paramsObject?.type === 'object' ? objectKeys(paramsObject) : [];
    for (const key of passed) {
      if (!sig.params.has(key)) report(paramsObject ?? m, 'module', `module '${name ?? ''}' has no param '${key}'`);
    }
    for (const [param, { required }] of sig.params) {
      if (required && !passed.includes(param)) report(m, 'module', `module '${name ?? ''}' needs param '${param}'`);
    }
  }
  for (const i of [...topLevel(file, 'import_functionality'), ...topLevel(file, 'import_statement')]) {
    const pathNode = i.namedChildren.find((c) => c.type === 'string');
    const path = localPath(file, pathNode);
    if (!path) continue;
    reached.push(path);
    const sig = await signatureOf(path);
    if (!sig) {
      report(pathNode ?? i, 'import', `imported file ${stringLiteral(pathNode) ?? ''} does not exist`);
      continue;
    }
    for (const id of i.namedChildren.filter((c) => c.type === 'identifier')) {
      if (!sig.exportedTypes.has(id.text)) report(id, 'import', `${stringLiteral(pathNode) ?? ''} does not export '${id.text}'`);
    }
  }
  // <module>.outputs.<name>, also through `!`, `.?` and [index].
  for (const member of descendants(file.root, 'member_expression')) {
    if (member.childForFieldName('property')?.text !== 'outputs') continue;
    let object = member.childForFieldName('object');
    if (object?.type === 'subscript_expression') object = object.childForFieldName('object');
    const sig = object?.type === 'identifier' ? modules.get(object.text) : undefined;
    const outer = member.parent;
    const outputName = outer?.type === 'member_expression' ? outer.childForFieldName('property')?.text : undefined;
    if (sig && outputName && !sig.outputs.has(outputName)) {
      report(outer ?? member, 'module', `module '${object?.text ?? ''}' has no output '${outputName}'`);
    }
  }
  for (const call of descendants(file.root, 'call_expression')) {
    const fn = call.childForFieldName('function')?.text;
    if (fn !== 'loadJsonContent' && fn !== 'loadTextContent' && fn !== 'loadYamlContent' && fn !== 'loadFileAsBase64') continue;
    const arg = call.childForFieldName('arguments')?.namedChildren[0];
    const path = localPath(file, arg);
    if (path && !existsSync(path)) report(arg ?? call, 'load', `${fn}: ${stringLiteral(arg) ?? ''} does not exist`);
  }
  return reached;
}

function checkResourceTypes(file: ParsedBicep, allowed: Record<string, string[]>, report: Report): void {
  for (const r of descendants(file.root, 'resource_declaration')) {
    const typeNode = r.namedChildren[1];
    const text = stringLiteral(typeNode);
    if (!text?.includes('@')) continue; // a child declared inside its parent ('config') takes the parent's version
    const [type = '', version = ''] = text.split('@');
    const versions = Object.entries(allowed).find(([t]) => t.toLowerCase() === type.toLowerCase())?.[1];
    if (!versions) report(typeNode ?? r, 'resource-type', `resource type ${type} is not in check/resource-types.json`);
    else if (!versions.includes(version)) {
      report(typeNode ?? r, 'resource-type', `${type}@${version}: api-version not in check/resource-types.json (${versions.join(', ')})`);
    }
  }
}

function suppressDisabled(file: ParsedBicep, diagnostics: BicepDiagnostic[], from: number): void {
  const disabled = new Map<number, Set<string>>();
  for (const c of descendants(file.root, 'diagnostic_comment')) {
    const codes = c.text
      .replace(/^#disable-next-line\s+/, '')
      .replace(/\/\/.*$/, '')
      .trim()
      .split(/\s+/);
    // The directive covers the next line (1-based row + 2 = the line after it).
    disabled.set(c.startPosition.row + 2, new Set(codes));
  }
  for (let i = diagnostics.length - 1; i >= from; i--) {
    const d = diagnostics[i];
    if (d && disabled.get(d.line)?.has(d.code)) diagnostics.splice(i, 1);
  }
}

/** `file:line:col code: message` */
export function formatDiagnostic(d: BicepDiagnostic): string {
  return `${d.file}:${d.line}:${d.column} error ${d.code}: ${d.message}`;
}

/** CLI: `node bicepCheck.js <infraDir>`; exit code 1 on any diagnostic. */
export async function main(args: readonly string[]): Promise<number> {
  const infraDir = resolve(args[0] ?? 'infra');
  const started = performance.now();
  const diagnostics = await checkBicep({ infraDir, displayRoot: process.cwd() });
  for (const d of diagnostics) console.log(formatDiagnostic(d));
  const files = bicepFiles(infraDir).length;
  const ms = Math.round(performance.now() - started);
  console.log(`bicep fallback check: ${files} files, ${diagnostics.length} problem(s) in ${ms} ms`);
  return diagnostics.length === 0 ? 0 : 1;
}
