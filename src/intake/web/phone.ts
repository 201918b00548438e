import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { badRequest } from '../../shared/errors.js';

/**
 * A phone number typed by a person (web form, operator) as E.164. National numbers are read as Kazakh
 * (`8 701 123 45 67`, `701 123 45 67`); anything libphonenumber does not accept as a valid number is
 * refused with 400 invalid_phone, so a typo is fixed by the person while they are still there.
 */
export function e164OrRefuse(input: string | undefined | null): string | null {
  if (input === undefined || input === null || input.trim() === '') return null;
  const parsed = parsePhoneNumberFromString(input, 'KZ');
  if (!parsed?.isValid()) throw badRequest('invalid_phone', 'the phone number is not a valid number');
  return parsed.number;
}
