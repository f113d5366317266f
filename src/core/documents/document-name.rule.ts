/**
 * The name a supporting document is listed and downloaded under: the name the user gave, made
 * safe to show. It is never used as a path (the bytes are stored under their hash).
 */

/** supporting_documents.file_name holds at most 255 characters (PostgreSQL counts code points). */
export const MAX_FILE_NAME_CODE_POINTS = 255;
const FALLBACK = 'document';
/** An extension worth keeping when a long name is shortened: `.pdf`, `.jpeg`. */
const EXTENSION = /\.[\p{L}\p{N}]{1,10}$/u;

// Lone surrogates cannot be stored as text or jsonb (the audit entry): replaced, never cut into.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 and C1 controls (NUL among them), DEL, and the bidirectional controls that make
// `factuur\u202Efdp.exe` show as `factuurexe.pdf`: embeddings, overrides, isolates, marks.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Without directories, controls and bidi controls; at most 255 code points, never cut inside a character. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC').replace(/\\/g, '/');
  const base = (cleaned.split('/').pop() ?? '').replace(UNSAFE, '').trim();
  return shorten(base) || FALLBACK;
}

/** Keeps whole grapheme clusters (an emoji with its modifiers, a letter with its accents) and the extension. */
function shorten(name: string): string {
  if (codePoints(name) <= MAX_FILE_NAME_CODE_POINTS) return name;
  const extension = EXTENSION.exec(name)?.[0] ?? '';
  const stem = name.slice(0, name.length - extension.length);
  return (cutAt(stem, MAX_FILE_NAME_CODE_POINTS - codePoints(extension)).trimEnd() + extension).trim();
}

/** The longest prefix of whole graphemes within `budget` code points (whole code points when one grapheme is longer). */
function cutAt(text: string, budget: number): string {
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = codePoints(segment);
    if (used + size > budget) {
      if (kept === '') return Array.from(segment).slice(0, budget).join('');
      break;
    }
    kept += segment;
    used += size;
  }
  return kept;
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
