// The credentials a provider is given besides its API key: a `user:password@`
// in the base URL and credential headers. Each is registered as a secret (so
// no trace, journal, recording, error or terminal line shows it), and the URL's
// are taken out of the URL: fetch refuses a URL with credentials (and its error
// quotes the URL), so they travel as a Basic Authorization header instead.
import { registerSecret, urlPasswords } from "../redact.ts";
import { isSecretFieldName } from "../secret-fields.ts";

export interface BaseUrlParts {
  /** The URL without `user:password@`. */
  readonly url: string;
  /** `Basic base64(user:password)` when the URL had credentials. */
  readonly authorization?: string;
}

export function splitBaseUrlCredentials(url: string): BaseUrlParts {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url };
  }
  if (parsed.username === "" && parsed.password === "") return { url };
  for (const password of urlPasswords(url)) registerSecret(password);
  const token = Buffer.from(`${safeDecode(parsed.username)}:${safeDecode(parsed.password)}`).toString("base64");
  registerSecret(token);
  parsed.username = "";
  parsed.password = "";
  return { url: parsed.toString(), authorization: `Basic ${token}` };
}

/** Registers the values of headers named like credentials (`Authorization`, `api-key`, `Cookie`), and a scheme's token. */
export function registerHeaderSecrets(headers: Readonly<Record<string, string>> | undefined): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!isSecretFieldName(name)) continue;
    registerSecret(value);
    const token = /^\s*\S+\s+(\S+)\s*$/.exec(value)?.[1]; // `Bearer xyz` → xyz
    if (token) registerSecret(token);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
