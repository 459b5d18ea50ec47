// `.env` in the project root: read by `flowc run` before the provider is made;
// variables already set win; malformed lines are skipped; values never printed.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDotenv, parseDotenv } from "../../cli/env.ts";
import { startOpenAIServer, type OpenAIServer } from "../../runtime/testing/openai-server.ts";
import { GREET_FLOW } from "./fixtures.ts";
import { flowc, makeProject } from "./helpers.ts";

describe("parseDotenv", () => {
  it("reads KEY=value lines: quotes, export, comments, \\n in double quotes, multi-line values", () => {
    const text = [
      "# a comment",
      "",
      "PLAIN=value",
      "export EXPORTED=yes",
      "SPACED = padded   # a comment",
      "DOUBLE=\"a # not a comment\\nsecond line\"",
      "SINGLE='kept \\n as is'",
      'MULTI="one',
      'two"',
      "EMPTY=",
      "URL=http://127.0.0.1:8080/v1?a=b",
    ].join("\r\n");
    expect(parseDotenv(text)).toEqual({
      PLAIN: "value",
      EXPORTED: "yes",
      SPACED: "padded",
      DOUBLE: "a # not a comment\nsecond line",
      SINGLE: "kept \\n as is",
      MULTI: "one\ntwo",
      EMPTY: "",
      URL: "http://127.0.0.1:8080/v1?a=b",
    });
  });

  it("skips malformed lines the way dotenv does, without losing the next line", () => {
    expect(parseDotenv("A=1\nthis line is not an assignment\nB=2\n=no key\nC=3\nJUST_A_NAME\nD=4\n")).toEqual({ A: "1", B: "2", C: "3", D: "4" });
  });
});

describe("loadDotenv", () => {
  const project = makeProject({ ".env": "FLOWC_TEST_NEW=from-file\nFLOWC_TEST_SET=from-file\nFLOWC_TEST_EMPTY=from-file\n" });
  afterAll(() => project.cleanup());

  it("sets what is not set yet (an empty value counts as set) and returns the names it set", () => {
    const env: NodeJS.ProcessEnv = { FLOWC_TEST_SET: "from-env", FLOWC_TEST_EMPTY: "" };
    expect(loadDotenv(project.dir, env)).toEqual(["FLOWC_TEST_NEW"]);
    expect(env).toEqual({ FLOWC_TEST_NEW: "from-file", FLOWC_TEST_SET: "from-env", FLOWC_TEST_EMPTY: "" });
  });

  it("no .env is not an error", () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadDotenv(path.join(project.dir, "nowhere"), env)).toEqual([]);
    expect(env).toEqual({});
  });
});

describe("flowc run reads .env in the project root", () => {
  let server: OpenAIServer;
  const input = JSON.stringify({ people: [{ name: "Ada", age: 36 }] });
  const SECRET = "sk-dotenv-secret-0123456789";

  beforeAll(async () => {
    server = await startOpenAIServer({ handler: () => ({ content: "Hello, Ada!", usage: { prompt_tokens: 20, completion_tokens: 4 } }) });
  });
  afterAll(() => server.close());

  it("OPENAI_BASE_URL and OPENAI_API_KEY from .env reach the provider; the values are not printed", async () => {
    const project = makeProject({
      "flowc.config.json": '{ "sources": ["flows"] }\n',
      "package.json": '{ "type": "module" }\n',
      ".env": `# model settings\nOPENAI_BASE_URL=${server.url}\nthis line is malformed and skipped\nOPENAI_API_KEY="${SECRET}"\n`,
      "flows/greet.flow": GREET_FLOW,
    });
    try {
      server.reset();
      // From a folder below the root: the root's .env is the one read.
      const result = await flowc(["run", "greet.flow", "greet_all", "--input", input], { cwd: path.join(project.dir, "flows") });
      expect(result.stdout).toBe('[\n  "Hello, Ada!"\n]\n');
      expect(result.code).toBe(0);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.authorization).toBe(`Bearer ${SECRET}`);
      expect(result.stderr).not.toContain(SECRET);
      expect(result.stderr).not.toContain(server.url);
    } finally {
      project.cleanup();
    }
  });

  it("a variable already set in the environment wins over .env", async () => {
    const project = makeProject({
      "package.json": '{ "type": "module" }\n',
      // Nothing listens on port 9: had .env won, the run would fail.
      ".env": "OPENAI_BASE_URL=http://127.0.0.1:9/v1\nOPENAI_API_KEY=sk-from-dotenv\n",
      "greet.flow": GREET_FLOW,
    });
    try {
      server.reset();
      const result = await flowc(["run", "greet.flow", "greet_all", "--input", input], {
        cwd: project.dir,
        env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "sk-from-env" },
      });
      expect(result.stdout).toBe('[\n  "Hello, Ada!"\n]\n');
      expect(result.code).toBe(0);
      expect(server.requests.map((r) => r.authorization)).toEqual(["Bearer sk-from-env"]);
    } finally {
      project.cleanup();
    }
  });

  it("only the project root's .env: one in the working folder below it is not read", async () => {
    const project = makeProject({
      "flowc.config.json": "{}\n",
      "package.json": '{ "type": "module" }\n',
      "sub/.env": `OPENAI_BASE_URL=${server.url}\n`,
      "sub/greet.flow": GREET_FLOW,
    });
    try {
      const result = await flowc(["run", "greet.flow", "greet_all", "--input", input], { cwd: path.join(project.dir, "sub") });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: no model to call: OPENAI_API_KEY and OPENAI_BASE_URL are both unset\n/);
    } finally {
      project.cleanup();
    }
  });
});
