// What the dashboard reads about one link at once: the link with its patient, payments, messages
// and timeline. A read model, so the join can change (one query, a cache) without its callers.
import type { Message } from '../messaging/message.ts';
import type { Patient } from '../patients/patient.ts';
import type { Payment } from './payment.ts';
import type { LinkEventRecord } from './payment-link-ports.ts';
import type { PaymentLink } from './payment-link.ts';

export type LinkDetails = {
  link: PaymentLink;
  /** Null only if the patient row is gone. */
  patient: Patient | null;
  payments: Payment[];
  messages: Message[];
  /** The link's own events (created, sent, opened, paid …), oldest first. */
  timeline: Array<LinkEventRecord & { id: string }>;
};

export interface LinkReadModel {
  /** The link of this organization with everything shown beside it; null when it has no such link. */
  details(organizationId: string, linkId: string): Promise<LinkDetails | null>;
}
