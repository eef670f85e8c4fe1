// Phone numbers from staff and CSV files come in every format; we store E.164 only.
export interface PhoneNumbers {
  /** E.164 for a valid number (national formats use the default region), else null. */
  toE164(input: string, defaultRegion: string): string | null;
}
