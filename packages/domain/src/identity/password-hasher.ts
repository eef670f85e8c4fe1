export interface PasswordHasher {
  /** A self-describing hash string (e.g. argon2id PHC format) including its salt and parameters. */
  hash(password: string): Promise<string>;
  /** Constant-time comparison; false (not an error) for a wrong password or a malformed hash.
   * With a null hash (no such user) it still does the work of a verification and returns false, so
   * an unknown account can't be told from a wrong password by timing. */
  verify(hash: string | null, password: string): Promise<boolean>;
}
