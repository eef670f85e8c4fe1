// The domain never reads the system clock: time is passed in, so tests can pin it and every
// decision in one use case sees the same instant.
export interface Clock {
  now(): Date;
}
