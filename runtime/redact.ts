// Secret scrubbing for everything the runtime shows or writes: error messages,
// recordings, traces. Known secret values (registered API keys, OPENAI_API_KEY
// and, for traces, every secret-looking environment variable) and
// `Bearer <token>` / `Authorization:` / `sk-...` patterns become a fixed marker.

export const REDACTED = "[REDACTED]";

/** Secrets shorter than this are not scrubbed by value (too likely to match ordinary text). */
const MIN_SECRET_LENGTH = 6;

const secrets = new Set<string>();

/** Registers a secret value (an API key) so that `redact` scrubs it everywhere from now on. */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value === "string" && value.trim().length >= MIN_SECRET_LENGTH) secrets.add(value.trim());
}

/** The registered secrets plus the current OPENAI_API_KEY, longest first. */
function knownSecrets(extra: readonly string[]): string[] {
  const all = new Set(secrets);
  const env = typeof process !== "undefined" ? process.env.OPENAI_API_KEY?.trim() : undefined;
  if (env && env.length >= MIN_SECRET_LENGTH) all.add(env);
  for (const value of extra) if (value && value.length >= MIN_SECRET_LENGTH) all.add(value);
  return [...all].sort((a, b) => b.length - a.length);
}

// `Authorization: Bearer xyz`, `bearer xyz`, and OpenAI-style keys (`sk-...`, `sk-proj-...`).
// A bearer token must be 8+ characters with a digit, so prose ("bearer of news") is left alone.
const BEARER = /\b(Bearer)\s+(?=[A-Za-z0-9._~+/=\-]*\d)[A-Za-z0-9._~+/=\-]{8,}/gi;
const OPENAI_KEY = /\bsk-[A-Za-z0-9_\-]{16,}/g;

// `authorization: <value>` where the value is not a bearer token (handled above).
const AUTHORIZATION = /("?authorization"?\s*[:=]\s*"?)(?!Bearer\b|\[REDACTED\])[^",}\s]+/gi;
const SECRET_ENV_NAME = /(API_?KEY|TOKEN|SECRET|PASSWORD|AUTH)/i;

/** Values of secret-looking environment variables (`*_API_KEY`, `*TOKEN*`, ...), for scrubbing traces. */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_ENV_NAME.test(name) && value !== undefined && value.length >= 8)
    .map(([, value]) => value!);
}

/** Scrubs known secret values and bearer/API-key patterns from a string. */
export function redact(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets(extraSecrets)) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // Inside JSON lines a secret may appear escaped.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  out = out.replace(BEARER, (_match, word: string) => `${word} ${REDACTED}`);
  out = out.replace(AUTHORIZATION, `$1${REDACTED}`);
  out = out.replace(OPENAI_KEY, REDACTED);
  return out;
}

/** `redact` applied to every string (values and keys) inside a JSON-like value; returns a copy. */
export function redactDeep<T>(value: T, extraSecrets: readonly string[] = []): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redact(v, extraSecrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[redact(k, extraSecrets)] = walk(inner);
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
