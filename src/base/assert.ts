/** Helpers for broken internal invariants: the only places the library throws. */

/** Marks a `switch` as exhaustive; reaching it is a bug. */
export function assertNever(value: never): never {
  throw new Error(`internal error: unexpected value ${JSON.stringify(value)}`);
}
