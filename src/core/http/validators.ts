import { Type } from 'class-transformer';
import { IsObject, registerDecorator, ValidateNested, ValidationArguments, ValidationOptions } from 'class-validator';
import { normaliseEnterpriseNumber } from '../domain/belgian-identifiers.rule';
import { isCents } from '../money/money';

/** A one-off validation decorator from a predicate and a message. */
export function simple(name: string, test: (value: unknown) => boolean, message: (args: ValidationArguments) => string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(propertyName),
        options: { message, ...options },
        validator: { validate: test },
      });
}

export const IsEnterpriseNumber = simple(
  'isEnterpriseNumber',
  (v) => typeof v === 'string' && normaliseEnterpriseNumber(v).ok,
  (a) => {
    const check = typeof a.value === 'string' ? normaliseEnterpriseNumber(a.value) : null;
    return `${a.property} is not a valid Belgian enterprise number (${check && !check.ok ? check.reason : 'must be a string'})`;
  },
);

/** A whole, non-negative number of cents within the exact range. */
export const IsCents = simple(
  'isCents',
  (v) => isCents(v) && (v as number) >= 0,
  (a) => `${a.property} must be a whole, non-negative number of euro cents`,
);

/** An instant with an explicit offset (Z or ±hh:mm), never a local time. */
export const IsInstant = simple(
  'isInstant',
  (v) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
    !Number.isNaN(Date.parse(v)),
  (a) => `${a.property} must be an ISO 8601 instant with an explicit offset, e.g. 2020-09-30T17:00:00+02:00`,
);

/** A calendar date YYYY-MM-DD that exists. */
export const IsCalendarDate = simple(
  'isCalendarDate',
  (v) => {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  },
  (a) => `${a.property} must be a date written YYYY-MM-DD`,
);

/**
 * One nested DTO: an object, never an array or a scalar (`ValidateNested` alone lets `[]`
 * through as "each of no items", and the service then reads fields of an array). With
 * `@IsOptional()` it may be left out; null only where the DTO says so.
 */
export function NestedObject(type: () => new () => object): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    IsObject()(target, propertyName);
    ValidateNested()(target, propertyName);
    Type(type)(target, propertyName);
  };
}
