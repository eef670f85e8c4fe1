// Structured JSON logs on stdout. Callers pass ids, never names, emails or phone numbers; the
// redaction below is the safety net for fields that slip through (ARCHITECTURE.md decision 9).
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
};

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SENSITIVE_KEY =
  /(name|email|phone|password|token|secret|authorization|cookie|address|description|message_body)/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /\+?\d[\d\s().-]{8,}\d/g;

export function redact(value: unknown, key = ''): unknown {
  if (SENSITIVE_KEY.test(key) && key !== 'message') return '[redacted]';
  if (typeof value === 'string') return value.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}

export function createLogger(options: {
  level: LogLevel;
  base?: Record<string, unknown>;
  write?: (line: string) => void;
}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const make = (base: Record<string, unknown>): Logger => {
    const log =
      (level: LogLevel) =>
      (message: string, fields: Record<string, unknown> = {}) => {
        if (ORDER[level] < ORDER[options.level]) return;
        write(
          JSON.stringify({
            time: new Date().toISOString(),
            level,
            msg: message,
            ...(redact({ ...base, ...fields }) as object),
          }),
        );
      };
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}
