import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * The fonts every PDF embeds: DejaVu Sans (Bitstream Vera licence, assets/fonts/LICENSE),
 * bundled in the repository so that CI and production need no system fonts. The standard
 * PDF fonts are never embedded and cover WinAnsi only; archival documents need embedded fonts.
 */
export const FONT_FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
} as const;

export type FontWeight = keyof typeof FONT_FILES;

/**
 * A font pdfkit can embed: the file's bytes, or the font pdfkit parsed from them. pdfkit's
 * PDFFontFactory accepts a parsed (fontkit) font wherever it accepts bytes; its typings list
 * only the byte forms.
 */
export type FontSource = Buffer | ParsedFont;

export interface ParsedFont {
  layout(text: string): unknown;
  readonly postscriptName: string;
}

/**
 * The folder holding the bundled fonts: `assets/fonts` in the nearest ancestor of `from`
 * that has it. Works from src/reporting/render (Jest) and dist/src/reporting/render (build)
 * alike, since tsc does not copy assets into dist.
 */
export function findFontDirectory(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'assets', 'fonts');
    if (existsSync(join(candidate, FONT_FILES.regular))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`assets/fonts/${FONT_FILES.regular} not found in any folder above ${from}`);
    }
    dir = parent;
  }
}

let cache: Record<FontWeight, FontSource> | null = null;

/** Forget the parsed fonts and shaped words (tests use this to compare a cold render with a warm one). */
export function resetFontCache(): void {
  cache = null;
  layoutCaches = freshLayoutCaches();
}

/**
 * The fonts, read and parsed once per thread. Parsing DejaVu Sans for every document was
 * about a third of the time of a 200-line statement; a parsed font holds only immutable
 * tables and glyph caches, and each document still builds its own subset from it.
 */
export function documentFonts(): Readonly<Record<FontWeight, FontSource>> {
  if (!cache) {
    const dir = findFontDirectory();
    cache = {
      regular: parseFont(readFileSync(join(dir, FONT_FILES.regular))),
      bold: parseFont(readFileSync(join(dir, FONT_FILES.bold))),
    };
  }
  return cache;
}

/** True when the fonts are shared parsed fonts rather than bytes parsed again per document. */
export function fontsAreParsed(): boolean {
  const fonts = documentFonts();
  return isParsedFont(fonts.regular) && isParsedFont(fonts.bold);
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  const fonts = documentFonts();
  const register = doc.registerFont as (name: string, src: FontSource) => PDFKit.PDFDocument;
  register.call(doc, FONT_NAMES.regular, fonts.regular);
  register.call(doc, FONT_NAMES.bold, fonts.bold);
}

export const FONT_NAMES: Readonly<Record<FontWeight, string>> = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold' };

/**
 * pdfkit shapes every word with fontkit (kerning, ligatures) and keeps the result per
 * document, on its embedded font's `layoutCache`; a statement then shapes the same partner
 * names, categories and words again in every document. Sharing that cache between the
 * documents a thread renders made a 200-line statement about a third faster. A shaped word
 * is the same whichever document asks (pdfkit only reads it), so the bytes do not change;
 * the caches are replaced now and then to keep memory bounded. Like the parsed fonts this
 * uses a private field, and without it pdfkit simply shapes again.
 */
const LAYOUT_CACHE_DOCUMENTS = 200;
let layoutCaches = freshLayoutCaches();
let documentsOnLayoutCaches = 0;

function freshLayoutCaches(): Record<FontWeight, Record<string, unknown>> {
  return { regular: Object.create(null) as Record<string, unknown>, bold: Object.create(null) as Record<string, unknown> };
}

/** Call once per document, before its first text. */
export function startDocumentLayout(): void {
  if (++documentsOnLayoutCaches > LAYOUT_CACHE_DOCUMENTS) {
    layoutCaches = freshLayoutCaches();
    documentsOnLayoutCaches = 1;
  }
}

/** Call right after `doc.font(FONT_NAMES[weight])`, the first time per document and weight. */
export function shareLayoutCache(doc: PDFKit.PDFDocument, weight: FontWeight): boolean {
  const font = (doc as unknown as { _font?: { layoutCache?: unknown } })._font;
  if (!font || typeof font.layoutCache !== 'object' || font.layoutCache === null) return false;
  font.layoutCache = layoutCaches[weight];
  return true;
}

/** Words shaped and shared so far (a spec checks that sharing works with this pdfkit). */
export function sharedLayoutCacheSize(): number {
  return Object.keys(layoutCaches.regular).length + Object.keys(layoutCaches.bold).length;
}

/**
 * pdfkit parses font bytes with fontkit; a throw-away document hands us that parsed font.
 * It is kept on a private field, so when a pdfkit upgrade moves it this falls back to the
 * bytes (correct, only slower) and the spec on `fontsAreParsed` says so.
 */
function parseFont(bytes: Buffer): FontSource {
  const probe = new PDFDocument({ autoFirstPage: false });
  probe.font(bytes);
  const parsed = (probe as unknown as { _font?: { font?: unknown } })._font?.font;
  return isParsedFont(parsed) ? parsed : bytes;
}

function isParsedFont(value: unknown): value is ParsedFont {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Buffer.isBuffer(value) &&
    typeof (value as { layout?: unknown }).layout === 'function' &&
    typeof (value as { postscriptName?: unknown }).postscriptName === 'string'
  );
}
