// Which Chromium the browser tests drive. Read here because only the config module reads the
// environment; nothing in the product uses it.
import { existsSync } from 'node:fs';

export type TestBrowserChoice =
  /** The first Chromium installed on the system, else the one packaged on npm. */
  | { kind: 'auto' }
  /** Always the npm-packaged Chromium (CI proves a machine without a system browser works). */
  | { kind: 'bundled' }
  /** A binary the developer named. */
  | { kind: 'path'; path: string };

/**
 * `CHROMIUM_PATH`: unset = auto, `bundled` = the npm-packaged build, anything else = the path of a
 * Chromium or Chrome binary (which must exist).
 */
export function loadTestBrowserConfig(
  env: Record<string, string | undefined> = process.env,
): TestBrowserChoice {
  const value = env.CHROMIUM_PATH?.trim();
  if (!value) return { kind: 'auto' };
  if (value === 'bundled') return { kind: 'bundled' };
  if (!existsSync(value))
    throw new Error(
      `Invalid configuration: CHROMIUM_PATH must be the path of a Chromium binary or "bundled" (no file at ${value})`,
    );
  return { kind: 'path', path: value };
}
