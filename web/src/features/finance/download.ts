import { ApiProblem, type ProblemBody } from '../../lib/api/problem';

export interface DownloadProgress {
  received: number;
  /** From Content-Length; null while the service streams (exports have no length up front). */
  total: number | null;
}

/**
 * Fetches a file with the session cookie and reads its body as it streams, reporting the bytes
 * received, then hands it back as a Blob with the file name the service gave. A refusal comes
 * back as the service's problem, like every other call.
 */
export async function fetchWithProgress(url: string, onProgress: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<{ blob: Blob; fileName: string | null }> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', signal });
  } catch (error) {
    throw ApiProblem.network(error);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as ProblemBody | undefined;
    throw ApiProblem.from(response.status, body);
  }
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  onProgress({ received, total });
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress({ received, total });
    }
  }
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  return { blob: new Blob(chunks, { type }), fileName: fileNameOf(response.headers.get('content-disposition')) };
}

/** `attachment; filename*=UTF-8''betalingen.csv` or `filename="x.csv"` → the name. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

/** Saves a Blob as a file through an object URL, released once the browser has taken it. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
