// The real clock, ids and randomness. Tests swap in a controllable clock.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock, IdGenerator, RandomSource } from '@clinicpay/domain';

export const systemClock: Clock = { now: () => new Date() };

export const uuidGenerator: IdGenerator = { uuid: () => randomUUID() };

export const cryptoRandom: RandomSource = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };

/** A clock tests move by hand. */
export class FixedClock implements Clock {
  private current: Date;
  constructor(start: Date) {
    this.current = start;
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(date: Date): void {
    this.current = date;
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
