import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as classValidator from 'class-validator';

/**
 * One style for error codes (README, "Architecture"): every code the service defines is
 * UPPER_SNAKE, the problem's `code` and each `errors[].code` alike. The one exception is the
 * name of the constraint a value failed, which keeps class-validator's camelCase: the validation
 * pipe passes those through (`isUuid`, `maxLength`, `unknownField`), and the checks that run
 * beside it use the same kind of name (`noNulCharacter`, `wellFormedUnicode`, and a multipart
 * form's fields checked by hand as their DTO would be).
 */
const src = join(__dirname, '..', '..');

function sources(dir = src): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !/\.spec\.ts$/.test(path) && !path.includes(`${join('render', 'testing')}`) ? [path] : [];
  });
}

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
const CONSTRAINT_NAMES = new Set<string>([
  ...Object.values(classValidator).filter((v): v is string => typeof v === 'string'),
  'unknownField', // the validation pipe's name for class-validator's `whitelistValidation`
  'noNulCharacter',
  'wellFormedUnicode',
  ...customConstraintNames(),
]);

/** The names our own class-validator decorators register: `simple('isCents', …)` in src/core/http/validators.ts. */
function customConstraintNames(): string[] {
  return sources().flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bsimple\(\s*'([a-z][A-Za-z]*)'/g)].map((m) => m[1]));
}

interface Found {
  where: string;
  code: string;
}

function scan(pattern: RegExp, files = sources(), perLine = false): Found[] {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const chunks = perLine ? text.split('\n') : [text];
    return chunks.flatMap((chunk, i) =>
      [...chunk.matchAll(pattern)].map((m) => ({ where: `${relative(src, file)}${perLine ? `:${i + 1}` : ''}`, code: m[1] })),
    );
  });
}

describe('error codes', () => {
  it('every module error enum (`*ErrorCode`) is UPPER_SNAKE, each member named as its value', () => {
    const enums = sources()
      .filter((f) => f.endsWith('.errors.ts'))
      .flatMap((file) =>
        Object.entries(require(file) as Record<string, unknown>)
          .filter(([name, value]) => name.endsWith('ErrorCode') && typeof value === 'object' && value !== null)
          .map(([name, value]) => ({ name: `${relative(src, file)}#${name}`, members: Object.entries(value as Record<string, string>) })),
      );
    expect(enums.map((e) => e.name)).toEqual(
      expect.arrayContaining(['applications/applications.errors.ts#ApplicationErrorCode', 'grants/grants.errors.ts#GrantErrorCode']),
    );
    const wrong = enums.flatMap((e) => e.members.filter(([key, value]) => key !== value || !UPPER_SNAKE.test(value)).map(([key]) => `${e.name}.${key}`));
    expect(wrong).toEqual([]);
  });

  it('every problem code written out in the service is UPPER_SNAKE', () => {
    const found = [
      ...scan(/new DomainError\(\s*'[a-z_]+',\s*'([^']+)'/g),
      ...scan(/\b(?:ruleBroken|conflict)\(\s*'([^']+)'/g),
    ];
    expect(found.length).toBeGreaterThan(5);
    expect(found.filter((f) => !UPPER_SNAKE.test(f.code))).toEqual([]);
  });

  it('every field code is UPPER_SNAKE, unless it is the name of a class-validator constraint', () => {
    const found = [
      // `{ field: …, code: '…', message }`, as services and rules write field errors
      ...scan(/\bfield\b.*?\bcode:\s*'([^']+)'/g, sources(), true),
      // the call rules' checks, `err(field, code, message)`
      ...scan(/\berr\((?:[^()'`]|'[^']*'|`[^`]*`)*?,\s*'([^']+)',/g, sources().filter((f) => f.endsWith('call-rules.validator.ts'))),
      // the rules' typed vocabularies: `type BudgetFindingCode = | 'EMPTY_BUDGET' | …`
      ...scan(/\btype \w+(?:Code|Fault) =([^;]+);/g).flatMap((f) => [...f.code.matchAll(/'([^']+)'/g)].map((m) => ({ where: f.where, code: m[1] }))),
    ];
    expect(found.map((f) => f.code)).toEqual(expect.arrayContaining(['LINE_REMOVAL_NOT_ALLOWED', 'UNKNOWN_LINE', 'HOURS_ABOVE_LIMIT', 'CLOSES_BEFORE_OPENING']));
    expect(found.filter((f) => !UPPER_SNAKE.test(f.code) && !CONSTRAINT_NAMES.has(f.code))).toEqual([]);
  });
});
