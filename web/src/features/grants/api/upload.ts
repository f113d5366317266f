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
  const url = target.kind === 'statement' ? `/cost-statements/${target.id}/documents` : `/progress-reports/${target.id}/documents`;
  const fields: Record<string, string> = { description: file.name };
  if (target.kind === 'statement' && target.lineId) fields.lineId = target.lineId;
  return send<Schemas['DocumentDto']>(url, fields, file, onProgress);
}

/** The beneficiary's bank account with its certificate, in one request (fields before the file). */
export function registerBankAccount(grantId: string, account: { iban: string; holderName: string }, file: File, onProgress: (loaded: number, total: number) => void) {
  return send<Schemas['BankAccountDto']>(`/grants/${grantId}/bank-account`, { iban: account.iban, holderName: account.holderName, description: file.name }, file, onProgress);
}

function send<T>(url: string, fields: Record<string, string>, file: File, onProgress: (loaded: number, total: number) => void): { done: Promise<T>; abort(): void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
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
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(ApiProblem.from(xhr.status, body as ProblemBody | undefined));
    };
    xhr.onerror = () => reject(ApiProblem.network(new Error('upload failed')));
    xhr.onabort = () => reject(new ApiProblem(0, 'UPLOAD_ABORTED', 'upload stopped'));
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
