// A canary in every place a credential enters a run (the API key, the
// password of a `user:pass@` base URL, a tool argument named `password`, and
// a server error that echoes all of them) must come out nowhere: not on
// stdout or stderr, not in the trace, the rendered trace or the recording.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAIProvider } from "../../runtime/models/openai.ts";
import { startOpenAIServer, type OpenAIServer, type ScriptedReply } from "../../runtime/testing/openai-server.ts";
import { flowc, makeProject, type FlowcResult } from "../cli/helpers.ts";

const KEY = "sk-c4nary-api-key-5f3e2d1c0b";
const PASS = "pass-c4nary-url-9a8b7c";
const ARG = "arg-c4nary-password-4d5e6f";
/** What `Authorization: Basic` carries for the base URL's credentials. */
const BASIC = Buffer.from(`ada:${PASS}`).toString("base64");

const FLOW = `/// Logs a user in.
tool login(user: string, password: string) -> string from "./tools/login.ts" needs approval

model fast = "gpt-4.1-mini"

worker assistant(user: string) -> string {
  model: fast
  instructions: "Check in {{user}}."
  uses: [login]
}

flow check_in(user: string) -> string {
  return assistant(user: user)
}
`;

// The tool fails, quoting its password argument: the error goes back to the model and into the trace.
const LOGIN = `export function login(input: { user: string; password: string }): string {
  throw new Error(\`login refused for \${input.user} with password \${input.password}\`);
}
`;

let project: { dir: string; cleanup: () => void };
let server: OpenAIServer;
/** How the server answers the current run's requests (by index within the run). */
let script: (auth: string, index: number) => ScriptedReply = () => ({ content: "" });
let offset = 0;

beforeAll(async () => {
  project = makeProject({ "check.flow": FLOW, "tools/login.ts": LOGIN });
  server = await startOpenAIServer({ handler: (_body, index) => script(server.requests[index]!.authorization ?? "", index - offset) });
});

afterAll(async () => {
  await server.close();
  project.cleanup();
});

const baseUrl = () => server.url.replace("http://", `http://ada:${PASS}@`);
const echo = (auth: string) => `header ${auth}; url http://ada:${PASS}@host/v1; password ${ARG}; basic ${BASIC}`;

async function checkIn(env: Record<string, string>, name: string): Promise<{ run: FlowcResult; shown: Record<string, string> }> {
  offset = server.requests.length;
  const args = ["run", "check.flow", "check_in", "--input", '{"user": "ada"}', "--approve", "login", "--trace", `${name}.jsonl`, "--record", `${name}-rec.jsonl`];
  const run = await flowc(args, { cwd: project.dir, env });
  const rendered = await flowc(["trace", `${name}.jsonl`], { cwd: project.dir });
  const read = (file: string) => {
    try {
      return readFileSync(path.join(project.dir, file), "utf8");
    } catch {
      return "";
    }
  };
  const shown = {
    stdout: run.stdout,
    stderr: run.stderr,
    trace: read(`${name}.jsonl`),
    rendered: rendered.stdout + rendered.stderr,
    recording: read(`${name}-rec.jsonl`),
  };
  return { run, shown };
}

function expectNoCanary(shown: Record<string, string>): void {
  for (const [where, text] of Object.entries(shown)) {
    expect({ where, leaks: text.match(/c4nary/gi) ?? [] }).toEqual({ where, leaks: [] });
    expect({ where, basic: text.includes(BASIC) }).toEqual({ where, basic: false });
  }
}

// Each case spawns flowc twice (run, then trace).
describe("canaries", { timeout: 90_000 }, () => {
  it("an API key, a base URL password and a tool's password argument, echoed in the answer: shown nowhere", async () => {
    script = (auth, i) =>
      i === 0 ? { toolCalls: [{ name: "login", arguments: { user: "ada", password: ARG } }] } : { content: `checked in ada; ${echo(auth)}` };
    const { run, shown } = await checkIn({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: baseUrl() }, "answer");
    expect(run.code).toBe(0);
    // The key was sent (it wins over the URL's credentials), and the URL had none left.
    expect(server.requests.slice(offset).map((r) => [r.authorization, r.url])).toEqual([
      [`Bearer ${KEY}`, "/v1/chat/completions"],
      [`Bearer ${KEY}`, "/v1/chat/completions"],
    ]);
    expect(JSON.parse(run.stdout)).toBe("checked in ada; header Bearer [REDACTED]; url http://ada:[REDACTED]@host/v1; password [REDACTED]; basic [REDACTED]");
    expect(run.stderr).toContain("warning: the result held a credential this run knows");
    const approval = shown.trace.split("\n").find((line) => line.includes('"type":"approval"'));
    expect(JSON.parse(approval!)).toMatchObject({ tool: "login", decision: "approve-for-run", arguments: { user: "ada", password: "[REDACTED]" } });
    expect(shown.trace).toContain("login refused for ada with password [REDACTED]");
    expect(shown.rendered).toMatch(/^run check_in \(flow\) at /);
    expect(shown.recording.split("\n").filter(Boolean)).toHaveLength(3);
    expectNoCanary(shown);
  });

  it("a server error that echoes every credential: shown nowhere, on stderr or in the trace", async () => {
    script = (auth, i) =>
      i === 0 ? { toolCalls: [{ name: "login", arguments: { user: "ada", password: ARG } }] } : { status: 401, message: `bad credentials: ${echo(auth)}` };
    const { run, shown } = await checkIn({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: baseUrl() }, "error");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: Model request failed at check_in\/assistant \(model gpt-4\.1-mini, HTTP 401\) after 1 attempt: .*bad credentials: header Bearer \[REDACTED\]/);
    expect(shown.trace).toContain('"errorName":"ModelRequestError"');
    expect(shown.rendered).toContain("✗ Model request failed");
    expectNoCanary(shown);
  });

  it("credentials of the base URL alone go as Basic auth, and an answer echoing them shows none", async () => {
    script = (auth, i) => (i === 0 ? { toolCalls: [{ name: "login", arguments: { user: "ada", password: ARG } }] } : { content: echo(auth) });
    const { run, shown } = await checkIn({ OPENAI_BASE_URL: baseUrl() }, "basic");
    expect(run.code).toBe(0);
    expect(server.requests.slice(offset).map((r) => r.authorization)).toEqual([`Basic ${BASIC}`, `Basic ${BASIC}`]);
    expect(JSON.parse(run.stdout)).toBe("header Basic [REDACTED]; url http://ada:[REDACTED]@host/v1; password [REDACTED]; basic [REDACTED]");
    expectNoCanary(shown);
  });

  it("the provider takes the credentials out of the base URL: fetch never sees (or quotes) them", async () => {
    script = () => ({ content: "ok" });
    offset = server.requests.length;
    const info = { path: "p", worker: "w", signal: new AbortController().signal };
    const provider = new OpenAIProvider({ baseURL: baseUrl() });
    // Before: "Request cannot be constructed from a URL that includes credentials: http://ada:<password>@..."
    expect(await provider.complete({ model: "m", messages: [{ role: "user", content: "x" }] }, info)).toMatchObject({ message: { content: "ok" } });
    expect(server.requests.at(-1)!.authorization).toBe(`Basic ${BASIC}`);
    expect(provider.baseURL).toBe(server.url);
    expect(`${JSON.stringify(provider)} ${provider.host}`).not.toMatch(/c4nary/i);
    await server.close(); // the last test: a refused connection now
    const error = (await provider.complete({ model: "m", messages: [{ role: "user", content: "y" }] }, info).catch((e: unknown) => e)) as Error & { cause?: Error };
    expect(error.message).toMatch(/^Could not connect to the model server \(model m at 127\.0\.0\.1:\d+\)/);
    expect(`${error.message} ${error.cause?.message} ${error.stack}`).not.toMatch(/c4nary/i);
  });
});
