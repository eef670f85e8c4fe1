// The link details read model, over the tenant-scoped repositories: the link first (a link of
// another organization is not found), then its patient, payments, messages and events at once.
import type {
  LinkDetails,
  LinkEventLog,
  LinkReadModel,
  LinkStore,
  MessageStore,
  PatientRepository,
  PaymentStore,
} from '@clinicpay/domain';

type Repos = {
  links: LinkStore;
  patients: PatientRepository;
  payments: PaymentStore;
  linkEvents: LinkEventLog;
  messages: MessageStore;
};

export class RepositoryLinkReadModel implements LinkReadModel {
  private readonly repos: Repos;
  constructor(repos: Repos) {
    this.repos = repos;
  }

  async details(organizationId: string, linkId: string): Promise<LinkDetails | null> {
    const repos = this.repos;
    const link = await repos.links.findById(organizationId, linkId);
    if (!link) return null;
    const [messages, payments, timeline, patient] = await Promise.all([
      repos.messages.listByLink(organizationId, link.id),
      repos.payments.listByLink(organizationId, link.id),
      repos.linkEvents.list(organizationId, link.id),
      repos.patients.findById(organizationId, link.patientId),
    ]);
    return { link, patient, payments, messages, timeline };
  }
}
