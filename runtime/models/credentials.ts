// The credentials a provider is given besides its API key: a `user:password@`
// in the base URL and credential headers. Each is registered as a secret (so
// no trace, journal, recording, error or terminal line shows it), and the URL's
// are taken out of the URL: fetch refuses a URL with credentials (and its error
// quotes the URL), so they travel as a Basic Authorization header instead.
import { redact, registerSecret, urlPasswords } from "../redact.ts";
import { isSecretFieldName } from "../secret-fields.ts";
import type { ProviderEntry } from "./registry.ts";

/** Sent as the key when a base URL is given without one: local servers ignore it, the SDKs require one. */
export const NO_KEY_PLACEHOLDER = "no-key";

export interface EndpointOptions {
  readonly apiKey?: string;
  readonly baseURL?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Where a provider's SDK client sends requests, and with what. */
export interface Endpoint {
  /** The key, or NO_KEY_PLACEHOLDER for a server given by URL alone. */
  readonly apiKey: string;
  /** The base URL without `user:password@` and trailing slashes. */
  readonly baseURL: string;
  /** `host[:port]`, for recordings and messages. */
  readonly host: string;
  /** The extra headers, with Basic auth from the URL's credentials when there is no key. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A provider's endpoint: the options first, then the registry's variables in
 * `env` (default process.env); the key and every credential are registered as
 * secrets. Undefined when neither a key nor a base URL is set.
 */
export function resolveEndpoint(provider: ProviderEntry, options: EndpointOptions, defaultBaseUrl: string): Endpoint | undefined {
  const env = options.env ?? process.env;
  const apiKey = nonEmpty(options.apiKey) ?? nonEmpty(env[provider.apiKeyVariable]);
  const baseURL = nonEmpty(options.baseURL) ?? nonEmpty(env[provider.baseUrlVariable]);
  if (!apiKey && !baseURL) return undefined;
  registerSecret(apiKey);
  registerHeaderSecrets(options.headers);
  // `user:password@` in the URL: registered as a secret, sent as Basic auth (when there is no key), never in the URL.
  const { url, authorization } = splitBaseUrlCredentials(baseURL ?? defaultBaseUrl);
  const headers = authorization && !apiKey ? { Authorization: authorization, ...options.headers } : options.headers;
  const base = url.replace(/\/+$/, "");
  return { apiKey: apiKey ?? NO_KEY_PLACEHOLDER, baseURL: base, host: hostOf(base), ...(headers ? { headers } : {}) };
}

/** Text without the endpoint's key (and every registered secret). */
export function redactFor(endpoint: Endpoint, text: string): string {
  return redact(text, endpoint.apiKey === NO_KEY_PLACEHOLDER ? [] : [endpoint.apiKey]);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return redact(url);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

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
