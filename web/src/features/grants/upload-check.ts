/**
 * The checks a supporting document meets before it is sent, with the service's own limits
 * (GET /supporting-documents/rules): a file that would be refused is refused at once, at that
 * file, without sending its bytes. The service checks again, and on the content too
 * (src/grants/domain/document-type.rule.ts), so this is a courtesy, never the guard.
 */
export interface UploadLimits {
  maxBytes: number;
  contentTypes: readonly string[];
}

export interface PickedFile {
  name: string;
  /** What the browser guessed from the name; '' when it could not tell. */
  type: string;
  size: number;
}

export type FileCheck = { ok: true; contentType: string } | { ok: false; code: 'TYPE_NOT_ALLOWED' | 'TOO_LARGE' | 'EMPTY_FILE' };

/** Types by extension, for browsers that leave `type` empty. */
const BY_EXTENSION: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };

/** The type the file is sent as: the browser's guess, or the one its extension names. */
export function declaredType(file: Pick<PickedFile, 'name' | 'type'>): string {
  const given = file.type.split(';')[0].trim().toLowerCase();
  if (given) return given;
  const extension = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? '';
}

/** A wrong type first (whatever its size), then an empty file, then one above the limit. */
export function checkFile(file: PickedFile, limits: UploadLimits): FileCheck {
  const contentType = declaredType(file);
  if (!limits.contentTypes.includes(contentType)) return { ok: false, code: 'TYPE_NOT_ALLOWED' };
  if (file.size === 0) return { ok: false, code: 'EMPTY_FILE' };
  if (file.size > limits.maxBytes) return { ok: false, code: 'TOO_LARGE' };
  return { ok: true, contentType };
}

/** A size as people read it, nl-BE: '20 MB', '64 kB', '1,5 MB', '312 bytes'. */
export function formatBytes(bytes: number): string {
  const unit = (value: number, name: string) => `${(Math.floor(value * 10) / 10).toString().replace('.', ',')} ${name}`;
  if (bytes >= 1024 * 1024) return unit(bytes / (1024 * 1024), 'MB');
  if (bytes >= 1024) return unit(bytes / 1024, 'kB');
  return `${bytes} bytes`;
}

/** Whole percent sent of a file, never 100 before the service answered (the last step is its check). */
export function uploadPercent(loaded: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(99, Math.floor((loaded / total) * 100));
}
