// Which text is scrubbed, and where: data loses only known credentials;
// messages lose key-like patterns too; tool arguments in secret fields are
// masked wherever arguments are shown and become known credentials.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { allowList, defineFlow, defineTool, interactivePrompt, runFlow, z } from "../../runtime/index.ts";
import { containsKnownSecret, REDACTED, redact, redactDeep, scrubKnown, urlPasswords } from "../../runtime/redact.ts";
import { isSecretFieldName, maskSecretFields, mayHoldSecretFields } from "../../runtime/secret-fields.ts";
import { memoryTraceSink } from "../../runtime/trace.ts";

describe("known credentials and patterns", () => {
  it("data keeps text that only looks like a credential; messages do not", () => {
    const text = "pip install sk-learn-compatible-estimators; Authorization: pending; Bearer bd-2031-token";
    expect(scrubKnown(text)).toBe(text);
    expect(redactDeep({ note: text })).toEqual({ note: text });
    expect(redact(text)).toBe(`pip install ${REDACTED}; Authorization: ${REDACTED} Bearer ${REDACTED}`);
  });

  it("a URL password is known from OPENAI_BASE_URL, as written and decoded, and redacted in messages by pattern", () => {
    expect(urlPasswords("http://ada:p%40ss-w0rd-x@host/v1")).toEqual(["p%40ss-w0rd-x", "p@ss-w0rd-x"]);
    expect(urlPasswords("http://host/v1")).toEqual([]);
    const previous = process.env.OPENAI_BASE_URL;
    process.env.OPENAI_BASE_URL = "http://ada:base-url-secret-1@127.0.0.1:9/v1";
    try {
      expect(scrubKnown('{"note":"base-url-secret-1"}')).toBe(`{"note":"${REDACTED}"}`);
      expect(containsKnownSecret("ada")).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.OPENAI_BASE_URL;
      else process.env.OPENAI_BASE_URL = previous;
    }
    expect(redact("fetch http://bob:hunter2@example.com/v1 failed")).toBe(`fetch http://bob:${REDACTED}@example.com/v1 failed`);
  });
});

describe("secret tool arguments", () => {
  it("are told by their field names", () => {
    const secret = ["password", "db_password", "apiKey", "x-api-key", "githubToken", "Authorization", "client_secret", "session-cookie", "credentials"];
    const plain = ["max_tokens", "tokens", "author", "tokenizer", "user", "path", "secret_name", "passwordless_login"];
    expect(secret.filter((name) => !isSecretFieldName(name))).toEqual([]);
    expect(plain.filter(isSecretFieldName)).toEqual([]);
  });

  it("are masked at any depth, by name or by meta({ secret: true }), and the rest is left as it is", () => {
    const schema = z.object({ user: z.string(), pin: z.string().meta({ secret: true }).optional(), accounts: z.array(z.object({ name: z.string(), api_key: z.string() })) });
    const value = { user: "ada", pin: "4711", accounts: [{ name: "a", api_key: "k1" }] };
    expect(maskSecretFields(value, schema)).toEqual({ user: "ada", pin: REDACTED, accounts: [{ name: "a", api_key: REDACTED }] });
    expect(value.pin).toBe("4711");
    const plain = { path: "out/a.md", markdown: "# hi" };
    expect(maskSecretFields(plain)).toBe(plain);
    expect(mayHoldSecretFields(schema)).toBe(true);
    expect(mayHoldSecretFields(z.object({ path: z.string(), tags: z.array(z.string()), when: z.enum(["now", "later"]).optional() }))).toBe(false);
    expect(mayHoldSecretFields(z.object({ extra: z.record(z.string(), z.string()) }))).toBe(true);
  });

  it("are masked in the approval event and the prompt, and scrubbed from every later trace line", async () => {
    const connect = defineTool<{ host: string; token: string }, string>({
      name: "connect",
      input: z.object({ host: z.string(), token: z.string() }),
      output: z.string(),
      needsApproval: true,
      implementation: ({ host, token }) => `connected to ${host} with ${token}`,
    });
    const flow = defineFlow<{ token: string }, string>({
      name: "deploy",
      input: z.object({ token: z.string() }),
      output: z.string(),
      body: (ctx, { token }) => ctx.call(connect, { host: "db.internal", token }),
    });
    const sink = memoryTraceSink();
    const output = await runFlow(flow, { token: "tok-arg-7d1e9f" }, { approval: allowList({ approve: ["connect"] }), trace: sink });
    expect(output).toBe("connected to db.internal with tok-arg-7d1e9f");
    const approval = sink.events().find((e) => e.type === "approval");
    expect(approval).toMatchObject({ arguments: { host: "db.internal", token: REDACTED } });
    expect(sink.lines.join("\n")).not.toContain("tok-arg-7d1e9f");
    expect(sink.events().filter((e) => e.type === "end").map((e) => [e.path, e.output, e.redacted])).toEqual([
      ["deploy/connect", `connected to db.internal with ${REDACTED}`, true],
      ["deploy", `connected to db.internal with ${REDACTED}`, true],
    ]);

    const input = new PassThrough();
    const shown = new PassThrough();
    let prompt = "";
    shown.on("data", (chunk: Buffer) => (prompt += chunk.toString()));
    const pending = runFlow(flow, { token: "tok-arg-other-22" }, { approval: interactivePrompt({ input, output: shown }) });
    setTimeout(() => input.write("y\n"), 5);
    await pending;
    expect(prompt).toContain('arguments: {"host":"db.internal","token":"[REDACTED]"}');
  });
});
