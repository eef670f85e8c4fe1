// The checks SendGrid's Mail Send makes that our requests could plausibly fail, with its error shape
// ({message, field, help}) and wording close to SendGrid's. Follows the request schema in
// shared/reference/sendgrid-mail-send-openapi-subset.json.

export type SendGridError = { message: string; field: string | null; help: string | null };

const HELP = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html';
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;
// Headers SendGrid does not let a request set (spec: "You may not override the following headers").
const RESERVED_HEADERS = new Set([
  'x-sg-id',
  'x-sg-eid',
  'received',
  'dkim-signature',
  'content-type',
  'content-transfer-encoding',
  'to',
  'from',
  'subject',
  'reply-to',
  'cc',
  'bcc',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function error(field: string | null, message: string, anchor?: string): SendGridError {
  return { message, field, help: anchor ? `${HELP}#${anchor}` : null };
}

function stringMap(value: unknown, field: string, what: string, errors: SendGridError[]): void {
  if (value === undefined) return;
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    errors.push(
      error(field, `${what} must be an object of string keys and string values.`, `message.${field}`),
    );
  }
}

function recipients(list: unknown, field: string, required: boolean, errors: SendGridError[]): void {
  if (list === undefined && !required) return;
  if (!Array.isArray(list) || list.length === 0) {
    errors.push(
      error(
        field,
        `The ${field.split('.').pop()} array is required for all personalization objects, and must have ` +
          'at least one email object with a valid email address.',
        'message.personalizations.to',
      ),
    );
    return;
  }
  list.forEach((entry, index) => {
    const email = isObject(entry) ? entry['email'] : undefined;
    if (typeof email !== 'string' || !EMAIL.test(email)) {
      errors.push(error(`${field}.${index}.email`, 'Does not contain a valid address.'));
    }
  });
}

export function validateMailSend(body: unknown): SendGridError[] {
  if (!isObject(body)) return [error(null, 'Bad Request')];
  const errors: SendGridError[] = [];
  const templated = typeof body['template_id'] === 'string' && body['template_id'] !== '';

  const personalizations = body['personalizations'];
  if (!Array.isArray(personalizations) || personalizations.length === 0 || personalizations.length > 1000) {
    errors.push(
      error(
        'personalizations',
        'The personalizations field is required and must have at least one personalization.',
        '-Personalizations-Errors',
      ),
    );
  } else {
    personalizations.forEach((p, index) => {
      const field = `personalizations.${index}`;
      if (!isObject(p)) {
        errors.push(error(field, 'Each personalization must be an object.'));
        return;
      }
      recipients(p['to'], `${field}.to`, true, errors);
      recipients(p['cc'], `${field}.cc`, false, errors);
      recipients(p['bcc'], `${field}.bcc`, false, errors);
      stringMap(p['headers'], `${field}.headers`, 'Headers', errors);
      stringMap(p['custom_args'], `${field}.custom_args`, 'Custom args', errors);
    });
  }

  const from = body['from'];
  if (!isObject(from) || from['email'] === undefined) {
    errors.push(
      error(
        'from',
        'The from object must be provided for every email send. It is an object that requires the email ' +
          'parameter, but may also contain a name parameter.',
        'message.from',
      ),
    );
  } else if (typeof from['email'] !== 'string' || !EMAIL.test(from['email'])) {
    errors.push(error('from.email', 'The from email does not contain a valid address.', 'message.from'));
  }

  const everyPersonalizationHasSubject =
    Array.isArray(personalizations) &&
    personalizations.length > 0 &&
    personalizations.every((p) => isObject(p) && typeof p['subject'] === 'string' && p['subject'] !== '');
  const subject = body['subject'];
  if (!templated && !everyPersonalizationHasSubject && (typeof subject !== 'string' || subject === '')) {
    errors.push(
      error(
        'subject',
        'The subject is required. You can get around this requirement if you use a template with a ' +
          'subject defined or if every personalization has a subject defined.',
        'message.subject',
      ),
    );
  }

  const content = body['content'];
  if (!templated && (!Array.isArray(content) || content.length === 0)) {
    errors.push(
      error(
        'content',
        'Unless a valid template_id is provided, the content parameter is required. There must be at ' +
          'least one defined content block.',
        'message.content',
      ),
    );
  } else if (Array.isArray(content)) {
    content.forEach((block, index) => {
      const type = isObject(block) ? block['type'] : undefined;
      const value = isObject(block) ? block['value'] : undefined;
      if (typeof type !== 'string' || type === '') {
        errors.push(
          error(
            `content.${index}.type`,
            'The content type must be a string at least one character in length.',
            'message.content.type',
          ),
        );
      }
      if (typeof value !== 'string' || value === '') {
        errors.push(
          error(
            `content.${index}.value`,
            'The content value must be a string at least one character in length.',
            'message.content.value',
          ),
        );
      }
    });
  }

  const categories = body['categories'];
  if (categories !== undefined) {
    const valid =
      Array.isArray(categories) &&
      categories.length <= 10 &&
      categories.every((c) => typeof c === 'string' && c.length <= 255) &&
      new Set(categories).size === categories.length;
    if (!valid) {
      errors.push(
        error(
          'categories',
          'Categories must be at most 10 unique strings of up to 255 characters.',
          'message.categories',
        ),
      );
    }
  }

  stringMap(body['custom_args'], 'custom_args', 'Custom args', errors);
  stringMap(body['headers'], 'headers', 'Headers', errors);
  const headers = body['headers'];
  if (isObject(headers)) {
    for (const name of Object.keys(headers)) {
      if (RESERVED_HEADERS.has(name.toLowerCase())) {
        errors.push(error('headers', `The ${name} header is reserved and cannot be set.`, 'message.headers'));
      }
    }
  }
  return errors;
}
