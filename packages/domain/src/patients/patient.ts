// A clinic's patient: who links are for. Contact data is PHI and stays in our database.
// The card on file is a copy of what Stripe holds: brand, last4 and expiry — never a card number.
export type PreferredChannel = 'email' | 'sms';

export class Patient {
  id!: string;
  organizationId!: string;
  name!: string;
  email: string | null = null;
  /** E.164. */
  phone: string | null = null;
  preferredChannel: PreferredChannel | null = null;
  emailConsent = true;
  smsConsent = true;
  emailOptedOutAt: Date | null = null;
  smsOptedOutAt: Date | null = null;
  /** Set when the address bounced or reported spam: unusable until staff change it. */
  emailUnusableAt: Date | null = null;
  /** IANA zone for quiet hours; null → the organization's. */
  timeZone: string | null = null;
  /** The clinic's own reference (e.g. an account number), if they want one. */
  externalRef: string | null = null;
  stripeCustomerId: string | null = null;
  cardBrand: string | null = null;
  cardLast4: string | null = null;
  cardExpMonth: number | null = null;
  cardExpYear: number | null = null;
  cardPaymentMethodId: string | null = null;
  cardUpdatedAt: Date | null = null;
  createdAt!: Date;
  updatedAt!: Date;

  static create(input: {
    id: string;
    organizationId: string;
    name: string;
    email?: string | null;
    phone?: string | null;
    preferredChannel?: PreferredChannel | null;
    externalRef?: string | null;
    now: Date;
  }): Patient {
    const patient = new Patient();
    patient.id = input.id;
    patient.organizationId = input.organizationId;
    patient.name = input.name;
    patient.email = input.email ?? null;
    patient.phone = input.phone ?? null;
    patient.preferredChannel = input.preferredChannel ?? null;
    patient.externalRef = input.externalRef ?? null;
    patient.createdAt = input.now;
    patient.updatedAt = input.now;
    return patient;
  }

  /** Whether SMS may be sent: a phone, consent, and no STOP. */
  get canReceiveSms(): boolean {
    return this.phone !== null && this.smsConsent && this.smsOptedOutAt === null;
  }

  get canReceiveEmail(): boolean {
    return (
      this.email !== null &&
      this.emailConsent &&
      this.emailOptedOutAt === null &&
      this.emailUnusableAt === null
    );
  }

  setCardOnFile(card: {
    brand: string;
    last4: string;
    expMonth: number;
    expYear: number;
    paymentMethodId: string | null;
    now: Date;
  }): void {
    this.cardBrand = card.brand;
    this.cardLast4 = card.last4;
    this.cardExpMonth = card.expMonth;
    this.cardExpYear = card.expYear;
    this.cardPaymentMethodId = card.paymentMethodId;
    this.cardUpdatedAt = card.now;
    this.updatedAt = card.now;
  }
}
