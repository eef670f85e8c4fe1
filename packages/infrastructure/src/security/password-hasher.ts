// argon2id password hashing (OWASP-recommended parameters: 19 MiB, 2 iterations, 1 lane).
import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '@clinicpay/domain';

const OPTIONS = {
  // 2 = Argon2id (the package's const enum can't be imported under verbatimModuleSyntax).
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export class Argon2PasswordHasher implements PasswordHasher {
  // A real hash to verify against when there is no user, so "unknown email" costs what
  // "wrong password" costs.
  private dummy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    const target = passwordHash ?? (await (this.dummy ??= hash('not-a-real-password', OPTIONS)));
    try {
      const matches = await verify(target, password);
      return passwordHash !== null && matches;
    } catch {
      return false;
    }
  }
}
