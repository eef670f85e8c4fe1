// A staff member's own setting: also email me when my links are paid, expire or fail (in-app
// notices always arrive). Only a person has one: an API key has no inbox.
import type { User } from './user.ts';
import type { UserRepository } from './identity-ports.ts';

export async function setNotifyByEmail(
  input: { user: User; enabled: boolean },
  deps: { users: UserRepository },
): Promise<{ notifyByEmail: boolean }> {
  input.user.notifyByEmail = input.enabled;
  await deps.users.save(input.user);
  return { notifyByEmail: input.user.notifyByEmail };
}
