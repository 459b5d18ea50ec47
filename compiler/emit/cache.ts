// flowc's on-disk cache: small JSON entries named by the hash of everything
// that determines them, so an entry is either right or never looked up. It
// lives in the project (`node_modules/.cache/flowc/`, beside other tools'
// caches) or, where there is no writable node_modules, in the OS temp folder.
// `FLOWC_CACHE=0` turns it off; `FLOWC_CACHE_DIR` puts it elsewhere. Every
// failure to read or write an entry is a miss, never an error. (No ts-morph
// or prettier here: the tool check loads this.)
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Bump when the shape of any entry changes. */
const FORMAT = 1;

export function hashOf(...parts: readonly string[]): string {
  const hash = createHash("sha256");
  hash.update(`flowc-cache-${FORMAT}\0`);
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest("hex").slice(0, 40);
}

/** The cache folder for a project rooted at (or inside) `start`, or undefined when caching is off. */
export function cacheDir(start: string): string | undefined {
  const env = process.env;
  if (env.FLOWC_CACHE === "0" || env.FLOWC_CACHE === "false" || env.FLOWC_CACHE === "off") return undefined;
  if (env.FLOWC_CACHE_DIR) return path.resolve(env.FLOWC_CACHE_DIR);
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const modules = path.join(dir, "node_modules");
    if (existsSync(modules)) {
      if (writable(modules)) return path.join(modules, ".cache", "flowc");
      break;
    }
    // The project ends at its package.json; a package without node_modules caches in the temp folder.
    if (existsSync(path.join(dir, "package.json")) || path.dirname(dir) === dir) break;
  }
  return privateTempDir(path.join(os.tmpdir(), `flowc-cache-${safeUser()}`));
}

/**
 * The temp folder is shared: use it only if the folder is this user's and
 * nobody else can write to it (an entry planted by someone else would end up
 * in generated code). Otherwise, no cache.
 */
function privateTempDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stats = statSync(dir);
    const uid = process.getuid?.();
    if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid) || (stats.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

function safeUser(): string {
  try {
    return String(process.getuid?.() ?? os.userInfo().username).replace(/[^\w.-]/g, "_");
  } catch {
    return "user";
  }
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function readEntry<T>(dir: string | undefined, kind: string, key: string): T | undefined {
  if (!dir) return undefined;
  try {
    return JSON.parse(readFileSync(path.join(dir, kind, `${key}.json`), "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Writes an entry atomically (a reader sees the old entry, the new one or none). */
export function writeEntry(dir: string | undefined, kind: string, key: string, value: unknown): void {
  if (!dir) return;
  try {
    const folder = path.join(dir, kind);
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `${key}.json`);
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, file);
  } catch {
    // A cache that cannot be written is a cache that misses next time.
  }
}

/** What a file looked like: size and mtime in nanoseconds, or "missing". */
export type Stamp = string;

export function stampOf(file: string): Stamp {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.size}:${s.mtimeNs}`;
  } catch {
    return "missing";
  }
}

/** Newest mtime in milliseconds among stamps (0 for missing files). */
export function stampMtimeMs(stamp: Stamp): number {
  const colon = stamp.indexOf(":");
  return colon < 0 ? 0 : Number(BigInt(stamp.slice(colon + 1)) / 1_000_000n);
}

/** True while every file still has the stamp it had. */
export function stampsHold(stamps: Readonly<Record<string, Stamp>>): boolean {
  for (const [file, stamp] of Object.entries(stamps)) if (stampOf(file) !== stamp) return false;
  return true;
}

/** Entries kept per kind; past it, the older half goes (by when each was written). */
const MAX_ENTRIES = 4000;

/** Keeps a cache folder from growing without bound. */
export function pruneEntries(dir: string | undefined, kind: string): void {
  if (!dir) return;
  try {
    const folder = path.join(dir, kind);
    const names = readdirSync(folder);
    if (names.length <= MAX_ENTRIES) return;
    const aged = names
      .map((name) => ({ name, mtime: statSync(path.join(folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => a.mtime - b.mtime);
    for (const { name } of aged.slice(0, aged.length - MAX_ENTRIES / 2)) rmSync(path.join(folder, name), { force: true });
  } catch {
    // Pruning is best effort.
  }
}
