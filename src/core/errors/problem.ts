import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErrorKind, FieldError } from './domain.error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  precondition: 412,
  precondition_required: 428,
  too_large: 413,
  rule: 422,
  too_many: 429,
  unavailable: 503,
};

export const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemType(code: string): string {
  return `urn:efro-grants:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export class ProblemFieldErrorDto implements FieldError {
  @ApiProperty({ example: 'closesAt' }) field: string;
  @ApiProperty({ example: 'isAfterOpening' }) code: string;
  @ApiProperty({ example: 'closesAt must be after opensAt' }) message: string;
}

/** RFC 9457 problem details, as every error leaves the service. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:efro-grants:problem:validation-failed' }) type: string;
  @ApiProperty({ example: 'Bad Request' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: 'The request is not valid' }) detail: string;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) code: string;
  @ApiPropertyOptional({ example: '/calls' }) instance?: string;
  @ApiProperty({ example: '8d3c7f5e-5a7b-4f2e-9a8e-2f1d2c3b4a5f' }) correlationId: string;
  @ApiPropertyOptional({ type: [ProblemFieldErrorDto] }) errors?: ProblemFieldErrorDto[];
}
