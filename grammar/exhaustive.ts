// The end of a switch over a closed set of kinds. Called with what is left
// after every case returned, so it only compiles while that is `never`:
// adding a kind makes each such switch a type error until it handles it.
// (No `default:` over kinds: test/grammar/no-default.test.ts.)

/** Unreachable while the switch before it is exhaustive; throws if bad data gets here anyway. */
export function assertNever(value: never, what = "kind"): never {
  const kind = (value as { kind?: unknown } | null)?.kind ?? value;
  throw new Error(`flowc: unexpected ${what} ${JSON.stringify(kind)}`);
}
