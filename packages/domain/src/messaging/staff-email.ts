// The email copy of an in-app notice, for staff who turned it on. No patient details: the clinic
// name, what happened, and a link to the dashboard.
import type { EmailSender } from './email-sender.ts';
import type { UserRepository } from '../identity/identity-ports.ts';
import type { OrganizationRepository } from '../organizations/organization-ports.ts';
import { escapeHtml } from './template-engine.ts';

export async function emailStaffNotice(
  input: { organizationId: string; userId: string; linkId: string; title: string; dashboardUrl: string },
  deps: {
    users: UserRepository;
    organizations: OrganizationRepository;
    email: EmailSender;
    fromEmail: string;
  },
): Promise<'sent' | 'skipped' | 'failed'> {
  const user = await deps.users.findById(input.organizationId, input.userId);
  if (!user || !user.isActive || !user.notifyByEmail) return 'skipped';
  const organization = await deps.organizations.findById(input.organizationId);
  const clinic = organization?.name ?? 'ClinicPay';
  const url = `${input.dashboardUrl}/dashboard/links/${input.linkId}`;
  const result = await deps.email.send({
    to: user.email,
    from: deps.fromEmail,
    subject: `${clinic}: ${input.title}`,
    text: `${input.title}.\n\nSee the link in ClinicPay: ${url}\n\nYou get these emails because they are turned on in your ClinicPay settings.`,
    html: `<p>${escapeHtml(input.title)}.</p><p><a href="${escapeHtml(url)}">See the link in ClinicPay</a></p><p style="color:#666">You get these emails because they are turned on in your ClinicPay settings.</p>`,
    headers: {},
    idempotencyKey: `staff-notice:${input.linkId}:${input.userId}:${input.title}`,
    customArgs: { organization_id: input.organizationId, kind: 'staff_notice' },
  });
  return result.ok ? 'sent' : 'failed';
}
