// Staff users of a clinic, managed by its admins: invite (an email with a one-time link to set a
// password, valid 7 days), change role, disable and enable. A clinic always keeps one active admin,
// and nobody disables or demotes themselves.
import { AppError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { AuditLog } from '../shared/audit-log.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/id-generator.ts';
import type { PasswordHasher } from './password-hasher.ts';
import type { EmailSender } from '../messaging/email-sender.ts';
import type { OrganizationRepository } from '../organizations/organization-ports.ts';
import { escapeHtml } from '../messaging/template-engine.ts';
import type { Actor } from './actor.ts';
import type { Role } from './role.ts';
import type { TokenService, UserRepository } from './identity-ports.ts';
import { User } from './user.ts';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const PASSWORD_MIN_LENGTH = 12;
const PASSWORD_MAX_LENGTH = 200;
/** Roles an admin can give; SUPER_ADMIN belongs to the platform, not a clinic. */
export const CLINIC_ROLES = ['ADMIN', 'PROVIDER', 'BILLING'] as const satisfies readonly Role[];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type StaffUserDeps = {
  users: UserRepository;
  tokens: TokenService;
  passwords: PasswordHasher;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  organizations: OrganizationRepository;
  email: EmailSender;
  fromEmail: string;
  /** Where the dashboard is served, for the link in the invitation. */
  baseUrl: string;
};

type Who = { organizationId: string; actor: Actor; actingUserId: string | null; requestId: string | null };

/** Invited, not yet signed up; active; or disabled. */
export function staffStatus(user: User): 'invited' | 'active' | 'disabled' {
  if (user.disabledAt) return 'disabled';
  return user.inviteTokenHash !== null || user.passwordHash === '' ? 'invited' : 'active';
}

function isClinicRole(value: string): value is (typeof CLINIC_ROLES)[number] {
  return (CLINIC_ROLES as readonly string[]).includes(value);
}

async function sendInvitation(user: User, url: string, deps: StaffUserDeps): Promise<boolean> {
  const organization = user.organizationId ? await deps.organizations.findById(user.organizationId) : null;
  const clinic = organization?.name ?? 'ClinicPay';
  const result = await deps.email.send({
    to: user.email,
    from: deps.fromEmail,
    subject: `You're invited to ${clinic} on ClinicPay`,
    text: `Hello ${user.name},\n\nYou have been invited to ${clinic} on ClinicPay. Choose a password to sign in (the link works for 7 days):\n\n${url}\n`,
    html: `<p>Hello ${escapeHtml(user.name)},</p><p>You have been invited to ${escapeHtml(clinic)} on ClinicPay.</p><p><a href="${escapeHtml(url)}">Choose a password to sign in</a> (the link works for 7 days).</p>`,
    headers: {},
    idempotencyKey: `staff-invite:${user.id}:${(user.inviteTokenHash ?? '').slice(0, 16)}`,
    customArgs: { organization_id: user.organizationId ?? '', kind: 'staff_invite' },
  });
  return result.ok;
}

export type Invitation = { user: User; inviteUrl: string; emailed: boolean };

/** Gives the user a new one-time link (any older one stops working), records it and emails it. */
async function issueInvitation(
  user: User,
  who: Who,
  action: string,
  data: Record<string, unknown>,
  deps: StaffUserDeps,
): Promise<Invitation> {
  const token = deps.tokens.newToken(32);
  user.inviteTokenHash = deps.tokens.hash(token);
  user.inviteExpiresAt = new Date(deps.clock.now().getTime() + INVITE_TTL_MS);
  await deps.users.save(user);
  await audit(deps, who, action, user, data);
  const inviteUrl = `${deps.baseUrl}/invite/${token}`;
  return { user, inviteUrl, emailed: await sendInvitation(user, inviteUrl, deps) };
}

export async function inviteStaffUser(
  input: Who & { name: string; email: string; role: string },
  deps: StaffUserDeps,
): Promise<Result<Invitation, AppError>> {
  const name = input.name.trim();
  const email = input.email.trim().toLowerCase();
  const errors: Array<{ field: string; message: string }> = [];
  if (name.length < 1 || name.length > 100)
    errors.push({ field: 'name', message: 'must be 1 to 100 characters' });
  if (!EMAIL.test(email) || email.length > 254)
    errors.push({ field: 'email', message: 'must be an email address' });
  if (!isClinicRole(input.role))
    errors.push({ field: 'role', message: 'must be ADMIN, PROVIDER or BILLING' });
  if (errors.length) return err(AppError.validationErrors(errors));
  if (await deps.users.unsafeFindByEmailForSignIn(email))
    return err(AppError.validationErrors([{ field: 'email', message: 'already has a ClinicPay account' }]));
  const user = User.create({
    id: deps.ids.uuid(),
    organizationId: input.organizationId,
    email,
    name,
    role: input.role as Role,
    passwordHash: '',
    now: deps.clock.now(),
  });
  return ok(await issueInvitation(user, input, 'user.invite', { role: user.role }, deps));
}

/** A new invitation link (the old one stops working), emailed again. */
export async function resendStaffInvite(
  input: Who & { userId: string },
  deps: StaffUserDeps,
): Promise<Result<Invitation, AppError>> {
  const user = await deps.users.findById(input.organizationId, input.userId);
  if (!user) return err(AppError.notFound('User'));
  if (staffStatus(user) !== 'invited')
    return err(AppError.conflict('Only an invitation that has not been accepted can be sent again'));
  return ok(await issueInvitation(user, input, 'user.invite_resend', {}, deps));
}

/** Changes a user's role and/or disables or enables them, keeping one active admin. */
export async function updateStaffUser(
  input: Who & { userId: string; role?: string | undefined; disabled?: boolean | undefined },
  deps: StaffUserDeps,
): Promise<Result<User, AppError>> {
  const user = await deps.users.findById(input.organizationId, input.userId);
  if (!user) return err(AppError.notFound('User'));
  if (input.role !== undefined && !isClinicRole(input.role))
    return err(AppError.validationErrors([{ field: 'role', message: 'must be ADMIN, PROVIDER or BILLING' }]));
  const self = input.actingUserId === user.id;
  if (self && input.disabled === true) return err(AppError.conflict("You can't disable your own account"));
  if (self && input.role !== undefined && input.role !== user.role)
    return err(AppError.conflict("You can't change your own role; ask another admin"));
  const losesAdmin =
    user.role === 'ADMIN' &&
    user.isActive &&
    (input.disabled === true || (input.role !== undefined && input.role !== 'ADMIN'));
  if (losesAdmin) {
    const admins = (await deps.users.listByOrganization(input.organizationId)).filter(
      (u) => u.role === 'ADMIN' && staffStatus(u) === 'active',
    );
    if (admins.filter((u) => u.id !== user.id).length === 0)
      return err(AppError.conflict('The clinic needs at least one active admin'));
  }
  const changes: Record<string, unknown> = {};
  if (input.role !== undefined && input.role !== user.role) {
    changes.role = { from: user.role, to: input.role };
    user.role = input.role as Role;
  }
  if (input.disabled !== undefined && input.disabled !== !user.isActive) {
    changes.disabled = input.disabled;
    // Takes effect at once: every session of a disabled user is refused (authenticateSession).
    user.disabledAt = input.disabled ? deps.clock.now() : null;
  }
  if (Object.keys(changes).length === 0) return ok(user);
  await deps.users.save(user);
  await audit(deps, input, 'user.update', user, changes);
  return ok(user);
}

/** What the invitation page shows; null for an unknown, used or expired link. */
export async function findInvitation(
  token: string,
  deps: Pick<StaffUserDeps, 'users' | 'tokens' | 'clock' | 'organizations'>,
): Promise<{ user: User; clinicName: string } | null> {
  if (token.length < 20 || token.length > 200) return null;
  const user = await deps.users.unsafeFindByInviteTokenHash(deps.tokens.hash(token));
  if (!user || !user.isActive || !user.inviteExpiresAt) return null;
  if (user.inviteExpiresAt.getTime() <= deps.clock.now().getTime()) return null;
  const organization = user.organizationId ? await deps.organizations.findById(user.organizationId) : null;
  return { user, clinicName: organization?.name ?? 'ClinicPay' };
}

/** Sets the invited user's password; the link then stops working. */
export async function acceptStaffInvite(
  input: { token: string; password: string; confirm: string; requestId: string | null },
  deps: StaffUserDeps,
): Promise<Result<User, AppError>> {
  const found = await findInvitation(input.token, deps);
  if (!found) return err(AppError.notFound('Invitation'));
  const errors: Array<{ field: string; message: string }> = [];
  if (input.password.length < PASSWORD_MIN_LENGTH || input.password.length > PASSWORD_MAX_LENGTH)
    errors.push({
      field: 'password',
      message: `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
    });
  else if (input.password.trim().toLowerCase() === found.user.email)
    errors.push({ field: 'password', message: 'must not be your email address' });
  else if (input.confirm !== input.password)
    errors.push({ field: 'confirm', message: 'does not match the password' });
  if (errors.length) return err(AppError.validationErrors(errors));
  const user = found.user;
  user.passwordHash = await deps.passwords.hash(input.password);
  user.inviteTokenHash = null;
  user.inviteExpiresAt = null;
  await deps.users.save(user);
  await audit(
    deps,
    {
      organizationId: user.organizationId ?? '',
      actor: { type: 'user', userId: user.id, role: user.role },
      actingUserId: user.id,
      requestId: input.requestId,
    },
    'user.accept_invite',
    user,
    {},
  );
  return ok(user);
}

async function audit(
  deps: Pick<StaffUserDeps, 'audit' | 'clock'>,
  who: Who,
  action: string,
  user: User,
  data: Record<string, unknown>,
): Promise<void> {
  await deps.audit.append({
    organizationId: who.organizationId,
    actor: who.actor,
    action,
    entityType: 'user',
    entityId: user.id,
    requestId: who.requestId,
    occurredAt: deps.clock.now(),
    data,
  });
}
