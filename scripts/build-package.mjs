#!/usr/bin/env node
// Builds what the npm package ships beside its sources: JavaScript and .d.ts in dist/ for every
// entry in package.json "exports". An entry is one line there:
//   "./name": { "types": "./dist/X.d.ts", "framewright-source": "./src/X.ts", "default": "./dist/X.js" }
// The source condition is what the template bundler and this repo use; editors read "types" and
// Node reads "default". This script checks every entry follows that rule, compiles all the
// sources with tsc (tsconfig.build.json), and fails if an entry's files did not come out.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const SOURCE = 'framewright-source';

const entries = Object.entries(pkg.exports).map(([name, target]) => {
  const source = target?.[SOURCE];
  const match = typeof source === 'string' ? /^\.\/src\/(.+)\.tsx?$/.exec(source) : null;
  if (!match) throw new Error(`package.json exports["${name}"] needs a "${SOURCE}" path under ./src/, got ${JSON.stringify(target)}`);
  const expected = { types: `./dist/${match[1]}.d.ts`, [SOURCE]: source, default: `./dist/${match[1]}.js` };
  if (JSON.stringify(target) !== JSON.stringify(expected)) {
    throw new Error(`package.json exports["${name}"] must be ${JSON.stringify(expected)} (types, source, default in this order)`);
  }
  return { name, source, files: [expected.types, expected.default] };
});

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const generated = path.join(root, '.tsconfig.build.entries.json');
writeFileSync(generated, JSON.stringify({ extends: './tsconfig.build.json', files: entries.map((e) => e.source) }, null, 2));
try {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', generated], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
} finally {
  rmSync(generated, { force: true });
}
// Files the compiled modules read beside themselves at run time (e.g. the hint texts, *.md).
for (const file of readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })) {
  if (!file.isFile() || /\.(tsx?|map)$/.test(file.name)) continue;
  const from = path.join(file.parentPath, file.name);
  const to = path.join(root, 'dist', path.relative(path.join(root, 'src'), from));
  if (existsSync(path.dirname(to))) cpSync(from, to);
}
for (const entry of entries) {
  for (const file of entry.files) {
    if (!existsSync(path.join(root, file))) throw new Error(`build: ${file} (for exports["${entry.name}"]) was not produced`);
  }
}
console.log(`build: ${entries.length} entries → dist/ (${entries.map((e) => e.name).join(', ')})`);
