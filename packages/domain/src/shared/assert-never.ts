// Put in the default branch of a switch over a union: adding a member then fails to compile
// until every switch handles it.
export function assertNever(value: never, message = 'Unexpected value'): never {
  throw new Error(`${message}: ${JSON.stringify(value)}`);
}
