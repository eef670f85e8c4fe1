// The dashboard's pages at scale, as a browser would ask for them: server response times of the
// production build for the home page and the links list (first page, a deep page, a search, a date
// range), and the JavaScript a first load ships (gzipped), from the build's own manifest.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { percentile } from './bench-db.ts';

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Signs in through the real form post and returns the session cookie. */
export async function signInCookie(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ email, password, next: '/dashboard' }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in answered ${res.status}`);
  return cookie;
}

/** p50/p95 of full HTML responses (server-rendered page, body read to the end). */
export async function timePage(
  base: string,
  cookie: string,
  pathAndQuery: string,
  runs = 40,
): Promise<{ p50: number; p95: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 5; i += 1) {
    const s = performance.now();
    const res = await fetch(`${base}${pathAndQuery}`, { headers: { cookie }, redirect: 'manual' });
    const body = await res.text();
    const took = performance.now() - s;
    if (res.status !== 200) throw new Error(`${pathAndQuery} answered ${res.status}`);
    if (i >= 5) times.push(took); // the first few warm the caches
    bytes = body.length;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes };
}

/** Gzipped bytes of every script a first load of these routes fetches (static imports followed). */
export async function firstLoadJs(routeIds: string[]): Promise<{ gzipKb: number; files: number }> {
  const web = path.resolve(import.meta.dirname, '../apps/web');
  const build = (await import(path.join(web, 'build/server/index.js'))) as {
    assets: {
      entry: { module: string; imports: string[] };
      routes: Record<string, { module: string; imports?: string[] }>;
    };
  };
  const seeds = [build.assets.entry.module, ...build.assets.entry.imports];
  for (const id of routeIds) {
    const route = build.assets.routes[id];
    if (!route) throw new Error(`no route ${id}`);
    seeds.push(route.module, ...(route.imports ?? []));
  }
  const seen = new Set<string>();
  const queue = seeds.map((s) => path.join(web, 'build/client', s));
  let gzip = 0;
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = fs.readFileSync(file);
    gzip += zlib.gzipSync(code).length;
    for (const m of code.toString('utf8').matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g))
      queue.push(path.join(path.dirname(file), m[1]!));
  }
  return { gzipKb: gzip / 1024, files: seen.size };
}

export async function benchDashboardPages(
  base: string,
  cookie: string,
  from: string,
  to: string,
  links: number,
  report: (name: string, value: string, goal: string) => void,
): Promise<void> {
  const pagesOfLinks = Math.ceil(links / 25);
  const middle = Math.max(1, Math.floor(pagesOfLinks / 2));
  const pages: Array<[string, string]> = [
    ['dashboard home', '/dashboard'],
    ['links list, first page', '/dashboard/links'],
    [
      `links list, page ${middle.toLocaleString('en-US')} of ${pagesOfLinks.toLocaleString('en-US')}`,
      `/dashboard/links?page=${middle}`,
    ],
    ['links list, search by patient name', '/dashboard/links?q=Garcia'],
    ['links list, 30-day range, paid', `/dashboard/links?from=${from}&to=${to}&status=COMPLETED`],
  ];
  for (const [name, url] of pages) {
    const t = await timePage(base, cookie, url);
    report(
      `${name} (server response)`,
      `p50 ${ms(t.p50)}, p95 ${ms(t.p95)} (${(t.bytes / 1024).toFixed(0)} kB HTML)`,
      'p95 ≤ 150 ms',
    );
  }
  for (const [name, routes] of [
    ['JS on first load of the home page', ['root', 'routes/dashboard', 'routes/dashboard._index']],
    ['JS on first load of the links list', ['root', 'routes/dashboard', 'routes/dashboard.links._index']],
    ['JS on first load of the link generator', ['root', 'routes/dashboard', 'routes/dashboard.links.new']],
    ['JS on first load of analytics', ['root', 'routes/dashboard', 'routes/dashboard.analytics']],
  ] as const) {
    const js = await firstLoadJs([...routes]);
    report(name, `${js.gzipKb.toFixed(1)} kB gzipped (${js.files} files)`, '≤ 250 kB');
  }
}
