// Secret scrubbing. Two levels, for two kinds of text:
// - data (trace and journal values, recordings, a run's result on a terminal):
//   only credentials the runtime *knows* are replaced (`scrubKnown`,
//   `redactDeep`): registered secrets (API keys, URL passwords, header values,
//   tool arguments in secret fields), and every provider's API key variable
//   and base URL password (models/registry.ts: OPENAI_API_KEY,
//   OPENAI_BASE_URL). Ordinary text that merely looks like a key
//   (`sk-learn-compatible`, `Authorization: pending`) stays as it is, so a
//   journal returns exactly what a call returned.
// - messages (errors, rendered traces): known credentials plus the
//   `Bearer <token>` / `Authorization:` / `sk-...` patterns (`redact`), since
//   a message is read, never used as a result.

import { credentialValues } from "./models/registry.ts";

export const REDACTED = "[REDACTED]";

/** Secrets shorter than this are not scrubbed by value (too likely to match ordinary text). */
const MIN_SECRET_LENGTH = 6;

// On globalThis: the CLI bundle and the runtime the generated code imports are
// two copies of this module, and both must scrub what either one registered.
const REGISTRY = Symbol.for("flowc.secrets");
interface Registry {
  readonly values: Set<string>;
  version: number;
}
const registry: Registry = ((globalThis as Record<symbol, unknown>)[REGISTRY] as Registry | undefined) ?? { values: new Set(), version: 0 };
(globalThis as Record<symbol, unknown>)[REGISTRY] = registry;

/** Registers a secret value (an API key, a password) so that everything written from now on scrubs it. */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== "string") return;
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH || registry.values.has(trimmed)) return;
  registry.values.add(trimmed);
  registry.version++;
}

/**
 * The password of a URL (`http://user:pass@host`), as written and
 * percent-decoded; none when it has none. (The user name is not a secret: it
 * is left alone, so text naming the user is not scrubbed.)
 */
export function urlPasswords(url: string | undefined): string[] {
  if (!url || !url.includes("@")) return [];
  let password: string;
  try {
    password = new URL(url).password;
  } catch {
    return [];
  }
  if (password === "") return [];
  try {
    const decoded = decodeURIComponent(password);
    return decoded === password ? [password] : [password, decoded];
  } catch {
    return [password]; // a malformed escape: the form as written
  }
}

/** A secret, and its JSON-escaped form when that differs (inside JSON lines a secret may appear escaped). */
interface Known {
  readonly value: string;
  readonly escaped: string | undefined;
}

let cache: { version: number; env: string; list: readonly Known[] } | undefined;

/** Registered secrets and the providers' credential variables, longest first (rebuilt only when one changes). */
function knownSecrets(): readonly Known[] {
  const { keys, baseUrls } = credentialValues(typeof process !== "undefined" ? process.env : {});
  const env = [...keys, ...baseUrls].join("\0");
  if (cache && cache.version === registry.version && cache.env === env) return cache.list;
  const all = new Set(registry.values);
  for (const value of [...keys, ...baseUrls.flatMap(urlPasswords)]) {
    const trimmed = value?.trim();
    if (trimmed && trimmed.length >= MIN_SECRET_LENGTH) all.add(trimmed);
  }
  cache = { version: registry.version, env, list: toKnown(all) };
  return cache.list;
}

function toKnown(values: Iterable<string>): Known[] {
  return [...values]
    .sort((a, b) => b.length - a.length)
    .map((value) => {
      const escaped = JSON.stringify(value).slice(1, -1);
      return { value, escaped: escaped === value ? undefined : escaped };
    });
}

function withExtra(extra: readonly string[]): readonly Known[] {
  const known = knownSecrets();
  if (extra.length === 0) return known;
  const more = extra.filter((value) => value && value.length >= MIN_SECRET_LENGTH && !known.some((k) => k.value === value));
  return more.length === 0 ? known : toKnown([...known.map((k) => k.value), ...more]);
}

/** Replaces every known secret (and `extraSecrets`) in the text, as is or JSON-escaped; nothing else. */
export function scrubKnown(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const { value, escaped } of withExtra(extraSecrets)) {
    if (out.includes(value)) out = out.split(value).join(REDACTED);
    if (escaped !== undefined && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  return out;
}

/** True if the text contains a known secret (or one of `extraSecrets`). */
export function containsKnownSecret(text: string, extraSecrets: readonly string[] = []): boolean {
  return scrubKnown(text, extraSecrets) !== text;
}

// `Authorization: Bearer xyz`, `bearer xyz`, and OpenAI-style keys (`sk-...`, `sk-proj-...`).
// A bearer token must be 8+ characters with a digit, so prose ("bearer of news") is left alone.
const BEARER = /\b(Bearer)\s+(?=[A-Za-z0-9._~+/=\-]*\d)[A-Za-z0-9._~+/=\-]{8,}/gi;
const OPENAI_KEY = /\bsk-[A-Za-z0-9_\-]{16,}/g;
// `authorization: <value>` where the value is not a bearer token (handled above).
const AUTHORIZATION = /("?authorization"?\s*[:=]\s*"?)(?!Bearer\b|\[REDACTED\])[^",}\s]+/gi;
// `scheme://user:password@host` in a message (a URL an error quotes).
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"]*:)[^\s/@"]+@/gi;

/** For messages (errors, rendered traces): known secrets, then bearer / authorization / key / URL-password patterns. */
export function redact(text: string, extraSecrets: readonly string[] = []): string {
  let out = scrubKnown(text, extraSecrets);
  out = out.replace(BEARER, (_match, word: string) => `${word} ${REDACTED}`);
  out = out.replace(AUTHORIZATION, `$1${REDACTED}`);
  out = out.replace(OPENAI_KEY, REDACTED);
  out = out.replace(URL_PASSWORD, `$1${REDACTED}@`);
  return out;
}

/** For data (recordings): `scrubKnown` applied to every string (values and keys) of a JSON-like value; returns a copy. */
export function redactDeep<T>(value: T, extraSecrets: readonly string[] = []): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return scrubKnown(v, extraSecrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[scrubKnown(k, extraSecrets)] = walk(inner);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/** True if the text still contains a known secret or a bearer/key pattern (for assertions and self-checks). */
export function containsSecret(text: string, extraSecrets: readonly string[] = []): boolean {
  return redact(text, extraSecrets) !== text;
}
