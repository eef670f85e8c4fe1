// Where the tests' rate-limit counts live: the Redis named by REDIS_URL when the run sets one (CI's
// second pass does), else PostgreSQL. Test configuration, read beside the tests.
export function testRedisOverride(): Record<string, string> {
  const url = process.env.REDIS_URL;
  return url ? { REDIS_URL: url } : {};
}
