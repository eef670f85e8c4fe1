// Bearer secrets (short codes, tokens) need a CSPRNG, which the pure domain cannot import.
// Implementations must use crypto.getRandomValues / randomBytes — never Math.random.
export interface RandomSource {
  /** Exactly `n` uniformly random bytes. */
  bytes(n: number): Uint8Array;
}
