import { Injectable, PipeTransform } from '@nestjs/common';
import { normaliseEnterpriseNumber } from '../core/domain/belgian-identifiers.rule';
import { notFound } from '../core/errors/domain.error';

/** An enterprise number in a path, normalised (0403.199.702 and 0403199702 name one entry); a malformed one names nothing. */
@Injectable()
export class EnterpriseNumberPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const check = normaliseEnterpriseNumber(value);
    if (!check.ok) throw notFound('The organisation');
    return check.value;
  }
}
