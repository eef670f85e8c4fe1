// Optional persistence for `npm start`: a restart keeps customers, sessions, events and idempotency
// records, so links created before the restart still open. Saves are debounced and atomic (write a
// temporary file, then rename), so a crash mid-write never leaves half a JSON file behind.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IdempotencyRecord } from './idempotency.ts';
import type { StoreSnapshot } from './store.ts';

const FORMAT_VERSION = 1;
const DEBOUNCE_MS = 100;

export type SandboxState = { store: StoreSnapshot; idempotency: IdempotencyRecord[] };

type StateFileContent = { version: number; savedAt: string } & SandboxState;

export function loadState(file: string, log: (message: string) => void): SandboxState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
  }
  try {
    const content = JSON.parse(text) as StateFileContent;
    if (content.version !== FORMAT_VERSION) throw new Error(`unsupported version ${String(content.version)}`);
    return { store: content.store, idempotency: content.idempotency };
  } catch (error) {
    // A broken file must not stop the dev server; keep it aside for inspection and start empty.
    const aside = `${file}.corrupt-${Date.now()}`;
    renameSync(file, aside);
    log(
      `state file ${file} unreadable (${error instanceof Error ? error.message : String(error)}); moved to ${aside}`,
    );
    return null;
  }
}

export class StateFileWriter {
  readonly #file: string;
  readonly #read: () => SandboxState;
  readonly #log: (message: string) => void;
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(file: string, read: () => SandboxState, log: (message: string) => void) {
    this.#file = file;
    this.#read = read;
    this.#log = log;
  }

  schedule() {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#writing = this.#writing.then(() => this.#write());
    }, DEBOUNCE_MS);
    this.#timer.unref();
  }

  /** Writes now (synchronously) if anything is pending; used on stop. */
  async flush() {
    const pending = this.#timer !== null;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#writing;
    if (pending) this.#writeSync();
  }

  #content(): string {
    const content: StateFileContent = {
      version: FORMAT_VERSION,
      savedAt: new Date().toISOString(),
      ...this.#read(),
    };
    return JSON.stringify(content);
  }

  async #write() {
    const tmp = `${this.#file}.tmp-${process.pid}`;
    try {
      await mkdir(path.dirname(this.#file), { recursive: true });
      await writeFile(tmp, this.#content(), 'utf8');
      await rename(tmp, this.#file);
    } catch (error) {
      this.#log(
        `could not save state to ${this.#file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  #writeSync() {
    const tmp = `${this.#file}.tmp-${process.pid}`;
    mkdirSync(path.dirname(this.#file), { recursive: true });
    writeFileSync(tmp, this.#content(), 'utf8');
    renameSync(tmp, this.#file);
  }
}
