#!/usr/bin/env node
// Lists the imports that cross a feature boundary, which `madge --circular` cannot show: imports
// from src/core (and other shared folders) into features ("upward"), imports between features,
// and the cycles among features. Run: `node scripts/dependency-report.mjs` (specs left out;
// `--with-specs` counts them too). Exits 1 when core imports a feature or features form a cycle.
// It also lists the reads that go around an owner's readers: imports of another feature's entity
// classes as values (its enums, types or an `import type` cannot query) and SQL that names
// another feature's tables.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const src = join(root, 'src');
const withSpecs = process.argv.includes('--with-specs');
// `--check` (run by `npm run typecheck`): only what breaks the rule, and a one-line summary.
const check = process.argv.includes('--check');
const SHARED = new Set(['core']);
// Composition roots may import everything (main and app.module, the CLI, the demo seed, and
// src/database, whose data source puts every feature's entity list together).
const ROOTS = new Set(['(root)', 'cli', 'demo', 'database']);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return path.endsWith('.ts') && (withSpecs || !/\.spec\.ts$/.test(path)) ? [path] : [];
  });
}

function areaOf(file) {
  const parts = relative(src, file).split(sep);
  return parts.length === 1 ? '(root)' : parts[0];
}

function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base + '.ts', join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const importPattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
const upward = [];
const cross = new Map();
for (const file of walk(src)) {
  const text = readFileSync(file, 'utf8');
  const fromArea = areaOf(file);
  for (const match of text.matchAll(importPattern)) {
    const target = resolveImport(file, match[1] ?? match[2] ?? match[3]);
    if (!target || !target.startsWith(src + sep)) continue;
    const toArea = areaOf(target);
    if (toArea === fromArea || ROOTS.has(fromArea) || SHARED.has(toArea)) continue;
    const line = `${relative(src, file)} -> ${relative(src, target)}`;
    if (SHARED.has(fromArea)) upward.push(line);
    else {
      const key = `${fromArea} -> ${toArea}`;
      cross.set(key, [...(cross.get(key) ?? []), line]);
    }
  }
}

// Who owns which table: the area of the file that declares `@Entity('table')`.
const owner = new Map();
for (const file of walk(src)) {
  for (const m of readFileSync(file, 'utf8').matchAll(/@Entity\(\s*'([a-z_]+)'/g)) owner.set(m[1], areaOf(file));
}
const tables = [...owner.keys()].join('|');
// Keywords in capitals, as this code base writes SQL (prose in comments is lower case), and the
// `from:` of the export queries.
const sqlPattern = new RegExp(`(?:\\b(?:FROM|JOIN|UPDATE|INTO)\\s+"?|\\bfrom:\\s*[\`'"])(${tables})\\b`, 'g');
const staticImport = /^\s*import\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm;
// The entity classes a file declares: importing one of them as a value is what lets a file query
// the table (its enums and types, or `import type`, do not).
const entityClasses = new Map();
function entityClassesOf(file) {
  if (!entityClasses.has(file)) {
    entityClasses.set(file, new Set([...readFileSync(file, 'utf8').matchAll(/@Entity\([^)]*\)\s*export class (\w+)/g)].map((m) => m[1])));
  }
  return entityClasses.get(file);
}
function valueNames(clause) {
  const braces = /\{([^}]*)\}/.exec(clause);
  const named = braces ? braces[1].split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type ')).map((n) => n.split(/\s+as\s+/)[0]) : [];
  const fallback = clause.replace(/\{[^}]*\}/, '').split(',').map((n) => n.trim()).filter(Boolean);
  return [...named, ...fallback];
}
const entityImports = [];
const typeOnlyEntityImports = [];
const foreignSql = [];
for (const file of walk(src)) {
  const fromArea = areaOf(file);
  if (ROOTS.has(fromArea)) continue;
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(staticImport)) {
    const target = resolveImport(file, match[3]);
    if (!target || !target.startsWith(src + sep) || !/[\\/]entities[\\/]/.test(target)) continue;
    const toArea = areaOf(target);
    if (toArea === fromArea || SHARED.has(toArea)) continue;
    const classes = entityClassesOf(target);
    const values = match[1] ? [] : valueNames(match[2]).filter((n) => classes.has(n));
    (values.length ? entityImports : typeOnlyEntityImports).push(`${relative(src, file)} -> ${relative(src, target)}${values.length ? ` (${values.join(', ')})` : ''}`);
  }
  const named = new Set();
  for (const match of text.matchAll(sqlPattern)) {
    // Core's tables are shared plumbing every feature may use; core naming a feature's is upward.
    if (owner.get(match[1]) !== fromArea && !SHARED.has(owner.get(match[1]))) named.add(`${match[1]} (${owner.get(match[1])})`);
  }
  if (named.size) foreignSql.push(`${relative(src, file)}: ${[...named].sort().join(', ')}`);
}
const foreignSqlCount = foreignSql.reduce((n, line) => n + line.split(', ').length, 0);

const edges = [...cross.keys()].map((key) => key.split(' -> '));
const cycles = edges.filter(([a, b]) => a < b && cross.has(`${b} -> ${a}`)).map(([a, b]) => `${a} <-> ${b}`);

if (check) {
  console.log(`dependencies: ${upward.length} upward imports, ${cross.size} feature-to-feature edges, ${cycles.length} cycles between features; around the owners' readers: ${entityImports.length} entity imports, ${foreignSqlCount} tables named in another area's SQL`);
  for (const line of upward.sort()) console.log(`  upward: ${line}`);
  for (const cycle of cycles) console.log(`  cycle: ${cycle}: ${[...cross.get(cycle.replace(' <-> ', ' -> ')), ...cross.get(cycle.split(' <-> ').reverse().join(' -> '))].join('; ')}`);
} else {
  console.log(`Upward imports (shared code importing a feature): ${upward.length}`);
  for (const line of upward.sort()) console.log(`  ${line}`);
  console.log(`\nFeature-to-feature imports: ${[...cross.values()].reduce((n, l) => n + l.length, 0)} in ${cross.size} edges`);
  for (const key of [...cross.keys()].sort()) {
    console.log(`  ${key} (${cross.get(key).length})`);
    for (const line of cross.get(key).sort()) console.log(`      ${line}`);
  }
  console.log(`\nCycles between features: ${cycles.length}`);
  for (const cycle of cycles) console.log(`  ${cycle}`);
  console.log(`\nImports of another feature's entity classes as values (reads around its readers): ${entityImports.length}`);
  for (const line of entityImports.sort()) console.log(`  ${line}`);
  console.log(`Imports of another feature's entity files for types or enums only (cannot query): ${typeOnlyEntityImports.length}`);
  console.log(`\nSQL naming another area's tables: ${foreignSqlCount} (table, file) pairs in ${foreignSql.length} files`);
  for (const line of foreignSql.sort()) console.log(`  ${line}`);
}
process.exitCode = upward.length > 0 || cycles.length > 0 ? 1 : 0;
