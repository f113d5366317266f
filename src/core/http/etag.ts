import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DomainError } from '../errors/domain.error';

/** Entity versions travel as strong ETags: "3". */
export function etag(version: number): string {
  return `"${version}"`;
}

/**
 * The version an edit was based on, from If-Match (preferred) or a `version` field.
 * Returns undefined when neither is given.
 */
export function expectedVersion(ifMatch: string | undefined, bodyVersion?: number): number | undefined {
  if (ifMatch !== undefined) {
    const match = /^\s*(?:W\/)?"(\d{1,10})"\s*$/.exec(ifMatch);
    if (!match) {
      throw new DomainError('validation', 'INVALID_IF_MATCH', 'If-Match must be the ETag of the record, e.g. "3"', [
        { field: 'If-Match', code: 'INVALID_ETAG', message: 'If-Match must be a quoted version such as "3"' },
      ]);
    }
    return Number(match[1]);
  }
  return bodyVersion;
}

/** Like expectedVersion, but an edit without any version is refused (428). */
export function requiredVersion(ifMatch: string | undefined, bodyVersion?: number): number {
  const version = expectedVersion(ifMatch, bodyVersion);
  if (version === undefined) throw versionRequired();
  return version;
}

export function staleVersion(what: string, current: number): DomainError {
  return new DomainError(
    'precondition',
    'STALE_VERSION',
    `${what} was changed by someone else (now at version ${current}); reload it and apply your edit again`,
    [{ field: 'If-Match', code: 'STALE', message: `current version is ${current}` }],
    { etag: etag(current) },
  );
}

export function versionRequired(): DomainError {
  return new DomainError('precondition_required', 'VERSION_REQUIRED', 'Send If-Match with the ETag (or a version field) of the record you edited', [
    { field: 'If-Match', code: 'REQUIRED', message: 'If-Match or version is required' },
  ]);
}

/** The `version` body field: the version an edit is based on, when If-Match is not sent. */
export function BasedOnVersion(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: 'The version the edit is based on (alternative to If-Match)' }),
    IsOptional(),
    IsInt(),
    Min(1),
    Max(2_147_483_647),
  );
}
