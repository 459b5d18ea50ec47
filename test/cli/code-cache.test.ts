// bin/load-bundle.js: the CLI bundle runs with the V8 code cache recorded by
// scripts/build-cli.mjs, ignores a cache made for another bundle or refused
// by V8, and then remakes it. `npm test` rebuilds dist/ first (pretest); the
// loader is run directly, since bin/flowc.js takes the sources while dist/ is
// older than an edited source file.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv, ROOT } from "./helpers.ts";

const BUNDLE = path.join(ROOT, "dist", "flowc.cjs");
const LOADER = pathToFileURL(path.join(ROOT, "bin", "load-bundle.js")).href;
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

// A copy of the bundle inside the repository, so its require() finds node_modules.
const base = path.join(ROOT, ".tmp");
mkdirSync(base, { recursive: true });
const scratch = mkdtempSync(path.join(base, "code-cache-"));
const copy = path.join(scratch, "flowc.cjs");
copyFileSync(BUNDLE, copy);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `flowc --version` through the loader; returns the cache status it reported. */
function runLoader(bundle: string, mode = "report"): { status: string; stdout: string } {
  // With -e, argv has no script path: "flowc" stands in for it.
  const script = `import(${JSON.stringify(LOADER)}).then((m) => m.runBundle(${JSON.stringify(bundle)}))`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, "--", "flowc", "--version"], {
    env: cleanEnv({ FLOWC_CODE_CACHE: mode }),
    encoding: "utf8",
  });
  expect(r.status).toBe(0);
  return { status: /^flowc: code cache (\w+)$/m.exec(r.stderr)?.[1] ?? r.stderr, stdout: r.stdout };
}

const runCopy = () => runLoader(copy);

describe("the code cache", () => {
  it("made by scripts/build-cli.mjs is used", () => {
    expect(runLoader(BUNDLE)).toEqual({ status: "used", stdout: `${VERSION}\n` });
  });

  it("is made when missing, then used", () => {
    expect(runCopy()).toEqual({ status: "missing", stdout: `${VERSION}\n` });
    expect(runCopy()).toEqual({ status: "used", stdout: `${VERSION}\n` });
  });

  it("is not used for another bundle, and is remade", () => {
    copyFileSync(`${BUNDLE}.cache`, `${copy}.cache`);
    writeFileSync(copy, readFileSync(copy, "utf8").replace(/flowc-bundle-id: \w+/, "flowc-bundle-id: 0123456789abcdef"));
    expect(runCopy().status).toBe("stale");
    expect(readFileSync(`${copy}.cache`, "latin1").split("\n", 1)[0]).toBe("0123456789abcdef");
    expect(runCopy().status).toBe("used");
  });

  it("refused by V8 (corrupt) is remade, and flowc still runs", () => {
    const id = readFileSync(`${copy}.cache`, "latin1").split("\n", 1)[0]!;
    writeFileSync(`${copy}.cache`, `${id}\nnot a code cache`);
    expect(runCopy()).toEqual({ status: "rejected", stdout: `${VERSION}\n` });
    expect(runCopy().status).toBe("used");
  });

  it("is neither read nor made with FLOWC_CODE_CACHE=off", () => {
    rmSync(`${copy}.cache`);
    expect(runLoader(copy, "off").stdout).toBe(`${VERSION}\n`);
    expect(existsSync(`${copy}.cache`)).toBe(false);
  });
});
