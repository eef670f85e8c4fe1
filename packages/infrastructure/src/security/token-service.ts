// Random bearer tokens (session cookies, API keys) and their SHA-256 digests for storage.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenService } from '@clinicpay/domain';

export class CryptoTokenService implements TokenService {
  newToken(bytes: number): string {
    return randomBytes(bytes).toString('base64url');
  }

  hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  equals(a: string, b: string): boolean {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
  }
}
