// Keeps secrets out of traces: values of secret-looking environment variables,
// bearer tokens, Authorization headers and OpenAI-style keys are replaced.

const SECRET_ENV_NAME = /(API_?KEY|TOKEN|SECRET|PASSWORD|AUTH)/i;
const MIN_SECRET_LENGTH = 8;
const PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, "$1[REDACTED]"],
  [/("?authorization"?\s*[:=]\s*"?)[^",}\s]+/gi, "$1[REDACTED]"],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, "[REDACTED]"],
];

/** Secret strings from the environment, longest first (so overlaps redact fully). */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const values = Object.entries(env)
    .filter(([name, value]) => SECRET_ENV_NAME.test(name) && value !== undefined && value.length >= MIN_SECRET_LENGTH)
    .map(([, value]) => value!);
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Secrets appear JSON-escaped inside trace lines; cover both forms.
    out = out.split(secret).join("[REDACTED]");
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join("[REDACTED]");
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
