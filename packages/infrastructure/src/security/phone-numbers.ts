// libphonenumber-js (MIT): real validation of numbering plans, not a regex.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { PhoneNumbers } from '@clinicpay/domain';

export const libPhoneNumbers: PhoneNumbers = {
  toE164(input: string, defaultRegion: string): string | null {
    const parsed = parsePhoneNumberFromString(input.trim(), defaultRegion.toUpperCase() as CountryCode);
    return parsed && parsed.isValid() ? parsed.number : null;
  },
};
