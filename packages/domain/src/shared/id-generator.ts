export interface IdGenerator {
  /** A random (v4) or time-ordered (v7) UUID in canonical lower-case form. */
  uuid(): string;
}
