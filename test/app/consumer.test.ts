// The app path, as a new user takes it: both packages packed as npm would
// publish them, installed into fresh apps, a plan built with the installed
// CLI, and its generated entry point run on the plan's recording under every
// common setup. Each run must print exactly the recorded result.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "../cli/helpers.ts";
import { copyTemplate, install, newApp, npm, packBoth, run, scratch, sizeOnDisk, type Packed } from "./packages.ts";

const EXPECTED = readFileSync(path.join(ROOT, "test", "examples", "expected", "init.json"), "utf8");
const NODE_NEXT = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, types: ["node"], outDir: "dist", rootDir: "." };
/** What the app's tests and builds use, besides flowc (the versions flowc itself is tested with). */
const OWN = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<string, Record<string, string>>;
const tool = (name: string) => `${name}@${OWN.dependencies![name] ?? OWN.devDependencies![name]}`;
const COMPILE_TIME = ["ts-morph", "prettier", "typescript", "esbuild", "tsx", "chevrotain", "@ts-morph/common"];

let root: string;
let packed: Packed;

beforeAll(() => {
  root = scratch("apps");
  packed = packBoth(root);
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const node = (app: string, ...args: string[]) => run(process.execPath, args, { cwd: app });
const npx = (app: string, ...args: string[]) => run("npx", ["--no-install", ...args], { cwd: app });
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

describe("the runtime package", () => {
  test("a production install has none of the compiler's tools and is under 30 MB", () => {
    const app = newApp(root, "production", "module");
    install(app, packed, { flowc: false });
    const installed = run("npm", ["ls", "--all", "--parseable", "--omit=dev"], { cwd: app })
      .split("\n")
      .filter(Boolean)
      .map((line) => path.relative(path.join(app, "node_modules"), line))
      .filter((name) => name !== "..");
    for (const name of COMPILE_TIME) expect(installed).not.toContain(name);
    expect(installed).toEqual(expect.arrayContaining(["@flowc/runtime", "zod", "openai"]));
    const bytes = sizeOnDisk(path.join(app, "node_modules"));
    expect(bytes).toBeLessThan(30 * 1024 * 1024);
    // The figure for the notes; see docs/app.md.
    console.log(`@flowc/runtime production install: ${(bytes / 1024 / 1024).toFixed(1)} MB, ${installed.length} packages`);
  });

  test("publint and attw accept both tarballs", () => {
    for (const tarball of [packed.runtime, packed.flowc]) {
      expect(run(bin("publint"), [tarball], { cwd: ROOT })).toMatch(/All good!/);
    }
    // node16 covers Node's resolution from CommonJS and from ES modules and bundlers'; TypeScript 7
    // no longer has the node10 resolution (which cannot see subpath exports such as /models).
    run(bin("attw"), [packed.runtime, "--profile", "node16"], { cwd: ROOT });
    // flowc is a command, not a library: it has no entry point for attw to resolve.
    const report = run(bin("attw"), [packed.flowc, "--profile", "node16", "--ignore-rules", "no-resolution", "--format", "json"], { cwd: ROOT });
    const problems = (JSON.parse(report) as { problems?: Record<string, unknown[]> }).problems ?? {};
    expect(Object.keys(problems)).toEqual(["NoResolution"]);
  });
});

describe("an ES module app (type: module, tsc with module NodeNext)", () => {
  let app: string;
  beforeAll(() => {
    app = newApp(root, "esm", "module");
    install(app, packed, { dev: ["typescript", "tsx", "esbuild", "vitest", "@types/node"].map(tool) });
    copyTemplate(app, "flows", "src", "test", "flowc.config.json");
    writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: NODE_NEXT, include: ["src", "flows"] }));
    npx(app, "flowc", "build");
  }, 180_000);

  test("(a) compiled by tsc, run by node", () => {
    npx(app, "tsc", "-p", ".");
    expect(node(app, "dist/src/main.js")).toBe(EXPECTED);
  });

  test("(b) run by tsx", () => {
    expect(node(app, "--import", "tsx", "src/main.ts")).toBe(EXPECTED);
  });

  test("(c) bundled by esbuild, runtime and all", () => {
    npx(app, "esbuild", "src/main.ts", "--bundle", "--platform=node", "--format=esm", "--target=node20", "--outfile=bundle/app.mjs", "--log-level=warning");
    expect(node(app, "bundle/app.mjs")).toBe(EXPECTED);
  });

  test("(e) tested by vitest on the recording", () => {
    expect(npx(app, "vitest", "run", "--reporter=verbose")).toMatch(/✓ test\/digest\.test\.ts > digest > summarizes every text and counts the words/);
  });

  test("the app's strictest compiler options report nothing inside flowc or its output", () => {
    const strict = {
      ...NODE_NEXT,
      noEmit: true,
      skipLibCheck: false,
      exactOptionalPropertyTypes: true,
      noPropertyAccessFromIndexSignature: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      noImplicitReturns: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
    };
    writeFileSync(path.join(app, "tsconfig.strict.json"), JSON.stringify({ compilerOptions: strict, include: ["src", "flows", "test"] }));
    expect(npx(app, "tsc", "-p", "tsconfig.strict.json")).toBe("");
  });
});

test("(d) a CommonJS app compiled by tsc", () => {
  const app = newApp(root, "cjs");
  install(app, packed, { dev: ["typescript", "@types/node"].map(tool) });
  copyTemplate(app, "flows", "src", "flowc.config.json");
  writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: NODE_NEXT, include: ["src", "flows"] }));
  npx(app, "flowc", "build");
  npx(app, "tsc", "-p", ".");
  expect(readFileSync(path.join(app, "dist", "src", "main.js"), "utf8")).toMatch(/require\("@flowc\/runtime\/models"\)/);
  expect(node(app, "dist/src/main.js")).toBe(EXPECTED);
}, 180_000);

test("(f) the README's four commands: install, flowc init, flowc build, node", () => {
  const app = newApp(root, "init");
  // `npm i -D flowc && npm i @flowc/runtime`, from the tarballs (the runtime first: no registry has it).
  npm(app, ["install", packed.runtime]);
  npm(app, ["install", "--save-dev", packed.flowc]);
  const init = run("npx", ["--no-install", "flowc", "init"], { cwd: app });
  expect(init).toContain("created flows/digest.flow");
  expect(npx(app, "flowc", "build")).toBe("wrote src/generated/flows/digest.ts\n");
  expect(node(app, "--import", "tsx", "src/main.ts")).toBe(EXPECTED);
  expect(npm(app, ["test"])).toMatch(/Tests\s+1 passed/);
  npm(app, ["run", "build"]);
  expect(npm(app, ["start", "--silent"])).toBe(EXPECTED);
}, 240_000);
