// A clinic's own wording of its messages: each part (SMS, email subject, email text) of each kind
// may override the default; an override with errors is refused, with each problem named.
import type { Clock } from '../shared/clock.ts';
import type { TemplatePartName, TemplateStore } from './message-ports.ts';
import { AppError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { DEFAULT_TEMPLATES, type MessageKind } from './templates.ts';
import { validateTemplateOverride } from './validate-template.ts';

const KINDS: readonly MessageKind[] = ['payment_request', 'card_update_request'];

/** Every kind with its defaults and the clinic's overrides. */
export async function listTemplates(
  input: { organizationId: string },
  deps: { repos: { templates: TemplateStore } },
) {
  const result = [];
  for (const kind of KINDS) {
    result.push({
      kind,
      defaults: DEFAULT_TEMPLATES[kind],
      overrides: await deps.repos.templates.overrides(input.organizationId, kind),
    });
  }
  return result;
}

/** Saves (or, with null, resets to the default) one part of a template. */
export async function setTemplate(
  input: { organizationId: string; kind: MessageKind; part: TemplatePartName; body: string | null },
  deps: { repos: { templates: TemplateStore }; clock: Clock },
): Promise<Result<void, AppError>> {
  if (input.body !== null) {
    const errors = validateTemplateOverride(input.part, input.body).filter((p) => p.severity === 'error');
    if (errors.length > 0)
      return err(AppError.validationErrors(errors.map((p) => ({ field: 'body', message: p.message }))));
  }
  await deps.repos.templates.set(input.organizationId, input.kind, input.part, input.body, deps.clock.now());
  return ok(undefined);
}
