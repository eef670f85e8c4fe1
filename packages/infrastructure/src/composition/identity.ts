// Identity: password hashing, tokens (sessions, API keys, invites) and phone-number parsing.
import type { PhoneNumbers } from '@clinicpay/domain';
import { Argon2PasswordHasher } from '../security/password-hasher.ts';
import { CryptoTokenService } from '../security/token-service.ts';
import { libPhoneNumbers } from '../security/phone-numbers.ts';

export type IdentityComposition = {
  tokens: CryptoTokenService;
  passwords: Argon2PasswordHasher;
  phones: PhoneNumbers;
};

export function composeIdentity(): IdentityComposition {
  return { tokens: new CryptoTokenService(), passwords: new Argon2PasswordHasher(), phones: libPhoneNumbers };
}
