// `npm run package:size [-- --funcignore=<file>] [--out=<zip>]`: the deployment package azd would upload, measured.
// Prints: package: files=<n> unzipped_mb=<n> zipped_mb=<n>
import { readFileSync, writeFileSync } from 'node:fs';
import { buildFunctionsPackage } from './functionsPackage.js';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const funcignoreFile = arg('funcignore');
const pkg = buildFunctionsPackage(process.cwd(), funcignoreFile ? readFileSync(funcignoreFile, 'utf8') : undefined);
const out = arg('out');
if (out) writeFileSync(out, pkg.zip);
const mb = (n: number) => (n / 1024 / 1024).toFixed(2);
console.log(`package: files=${pkg.files.length} unzipped_mb=${mb(pkg.unzippedBytes)} zipped_mb=${mb(pkg.zip.length)}`);
