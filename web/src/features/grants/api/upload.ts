import { csrfHeaders, type Schemas } from '../../../lib/api/client';
import { ApiProblem, type ProblemBody } from '../../../lib/api/problem';

export type UploadTarget = { kind: 'statement'; id: string; lineId?: string } | { kind: 'report'; id: string };

export interface UploadHandle {
  done: Promise<Schemas['DocumentDto']>;
  /** Stops sending: the service keeps nothing of a body that did not arrive whole. */
  abort(): void;
}

/**
 * One supporting document, sent with XMLHttpRequest because fetch reports no upload progress.
 * It carries the session's CSRF header as the typed client does, and the fields before the file
 * (the service reads only fields that precede it). A refusal comes back as the service's
 * problem+json, an abort or a broken connection as a network problem.
 */
export function uploadDocument(target: UploadTarget, file: File, onProgress: (loaded: number, total: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Schemas['DocumentDto']>((resolve, reject) => {
    const url = target.kind === 'statement' ? `/cost-statements/${target.id}/documents` : `/progress-reports/${target.id}/documents`;
    xhr.open('POST', url);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Schemas['DocumentDto']);
      else reject(ApiProblem.from(xhr.status, body as ProblemBody | undefined));
    };
    xhr.onerror = () => reject(ApiProblem.network(new Error('upload failed')));
    xhr.onabort = () => reject(new ApiProblem(0, 'UPLOAD_ABORTED', 'upload stopped'));
    const form = new FormData();
    form.append('description', file.name);
    if (target.kind === 'statement' && target.lineId) form.append('lineId', target.lineId);
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
