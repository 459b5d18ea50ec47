// import() of what the CLI bundle leaves outside itself: packages loaded on
// demand (prettier, tsx, cli-progress) and the user's generated modules.
// The bundle runs as a classic script (bin/flowc.js loads it with V8's code
// cache, which ES modules cannot use in Node 20), where a bare `import()` is
// not allowed; there `import.meta` is the loader's object, which brings one.
// From the sources (tests, the tsx fallback) the native `import()` is used.

declare global {
  interface ImportMeta {
    /** Set by bin/flowc.js when the code runs bundled. */
    readonly importExternal?: (specifier: string) => Promise<unknown>;
  }
}

/** `import(specifier)`: a package name or an absolute `file:` URL. */
export function importExternal<T>(specifier: string): Promise<T> {
  const load = import.meta.importExternal;
  return (load === undefined ? import(specifier) : load(specifier)) as Promise<T>;
}
