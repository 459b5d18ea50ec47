// Issue #18 item 3: what a cell may try, and the clear error each one gets.
// Every case runs in a fresh sandbox with small limits.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Sandbox, type CellResult } from "../../../runtime/code/sandbox.ts";

const limits = { memoryLimitBytes: 16 * 1024 * 1024, maxStackBytes: 8 * 1024, cellTimeMs: 300, maxOutputChars: 200 };
const seen: unknown[] = [];

async function runCell(code: string, cellTimeMs = limits.cellTimeMs): Promise<CellResult> {
  const sandbox = await Sandbox.create({ ...limits, cellTimeMs, signal: new AbortController().signal }, { doc: "text" }, {
    echo: ([value]) => {
      seen.push(value);
      return value;
    },
  });
  try {
    return await sandbox.run(code);
  } finally {
    sandbox.dispose();
  }
}

describe("the sandbox contains", () => {
  it.each([
    ["require", "require('fs')", "ReferenceError: 'require' is not defined"],
    ["process", "process.env.OPENAI_API_KEY", "ReferenceError: 'process' is not defined"],
    ["import()", "import('node:fs')", "Error: modules cannot be loaded in the sandbox"],
    ["a static import", "import fs from 'fs'", "SyntaxError: expecting '('"],
    ["the Function constructor", "new Function('return this')().process.env", "TypeError: cannot read property 'env' of undefined"],
    ["a constructor chain", "globalThis.constructor.constructor('return process')()", "ReferenceError: 'process' is not defined"],
    ["a function's constructor", "(() => {}).constructor('return require')()('fs')", "ReferenceError: 'require' is not defined"],
    ["timers", "setTimeout(() => {}, 0)", "ReferenceError: 'setTimeout' is not defined"],
    ["fetch", "fetch('http://127.0.0.1/')", "ReferenceError: 'fetch' is not defined"],
    ["the removed bridge", "__flowc_host('echo', '[1]')", "ReferenceError: '__flowc_host' is not defined"],
    ["an infinite loop", "while (true) {}", "TimeoutError: the cell ran for more than 300 ms of sandbox time and was stopped (an endless loop, or too much work for one cell)"],
    ["a loop in a getter the host reads", "echo({ get x() { for (;;) {} } })", "TimeoutError: the cell ran for more than 300 ms of sandbox time and was stopped (an endless loop, or too much work for one cell)"],
    ["a memory bomb", "let s = 'ab'; const keep = []; for (;;) { s = s + s; keep.push(s.slice(0)); s.charCodeAt(0) }", "MemoryError: the cell ran out of sandbox memory (16 MiB) and was stopped"],
    ["an array memory bomb", "let a = [1]; for (;;) a = a.concat(a)", "MemoryError: the cell ran out of sandbox memory (16 MiB) and was stopped"],
    ["one huge allocation", "new Array(1e9).fill(0).length", "MemoryError: the cell ran out of sandbox memory (16 MiB) and was stopped"],
    ["a cyclic value sent to the host", "const o = {}; o.o = o; echo(o)", "TypeError: circular reference"],
    ["a thrown value that is not an Error", "throw { code: 1 }", '{"code":1}'],
    ["await (cells are scripts)", "await echo(1)", "SyntaxError: expecting ';' (a cell is a plain script: host functions return their results directly, so call them without await)"],
  ])("%s", async (_what, code, error) => {
    const result = await runCell(code);
    expect(result.error).toBe(error);
  });

  it("huge output, cut with a note", async () => {
    const result = await runCell("for (let i = 0; i < 3000; i++) print('line ' + i)", 20_000);
    const full = Array.from({ length: 3000 }, (_, i) => `line ${i}`).join("\n");
    expect(result.printed).toBe(`${full.slice(0, 200)}\n[output truncated: ${full.length - 200} more characters not shown; print less, e.g. a slice or a count]`);
    expect(result.error).toBeUndefined();
  });

  it("prototype pollution stays on its side of the boundary", async () => {
    const result = await runCell(
      "Object.prototype.polluted = 1; Array.prototype.push = null; echo(JSON.parse('{\"__proto__\": {\"admin\": true}, \"a\": 1}'))",
    );
    expect(result.error).toBeUndefined();
    const received = seen.at(-1) as Record<string, unknown>;
    expect(received).toEqual({ a: 1 });
    expect(Object.getPrototypeOf(received)).toBe(Object.prototype);
    expect(Object.hasOwn(received, "__proto__")).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(typeof [].push).toBe("function");
  });

  it("leaves no host name in the global object", async () => {
    const result = await runCell("Object.getOwnPropertyNames(globalThis).filter((n) => /^(require|process|module|exports|Buffer|global|setTimeout|setInterval|fetch|WebAssembly|std|os|__flowc_host|__flowc_print|__flowc_input)$/.test(n))");
    expect(result).toEqual({ printed: "", value: "[]" });
  });

  it("deep recursion: stopped by QuickJS's limit (state kept) or by the host's stack (sandbox reset)", async () => {
    const stopped = "StackOverflowError: the cell recursed too deep and was stopped (write it as a loop)";
    const reset = `${stopped}. The sandbox was reset: declarations of earlier cells are gone; the inputs are defined again.`;
    const sandbox = await Sandbox.create({ ...limits, signal: new AbortController().signal }, { doc: "text" }, {});
    try {
      await sandbox.run("const before = 1");
      const result = await sandbox.run("function f(n) { return f(n + 1) + 1 } f(0)");
      expect([stopped, reset]).toContain(result.error);
      const after = await sandbox.run("typeof before + ' ' + doc");
      expect(after).toEqual({ printed: "", value: result.error === stopped ? "number text" : "undefined text" });
    } finally {
      sandbox.dispose();
    }
  });

  it("deep recursion past the host's stack: the cell stops and the sandbox starts afresh", async () => {
    const sandbox = await Sandbox.create({ ...limits, maxStackBytes: 4 * 1024 * 1024, signal: new AbortController().signal }, { doc: "text" }, {});
    try {
      await sandbox.run("const before = 1");
      expect(await sandbox.run("function f(n) { return f(n + 1) + 1 } f(0)")).toEqual({
        printed: "",
        error:
          "StackOverflowError: the cell recursed too deep and was stopped (write it as a loop). The sandbox was reset: declarations of earlier cells are gone; the inputs are defined again.",
      });
      expect(await sandbox.run("typeof before + ' ' + doc")).toEqual({ printed: "", value: "undefined text" });
    } finally {
      sandbox.dispose();
    }
  });

  it("keeps state between cells, and a stopped cell does not lose it", async () => {
    const sandbox = await Sandbox.create({ ...limits, signal: new AbortController().signal }, {}, {});
    try {
      expect(await sandbox.run("const kept = [1, 2]; let count = 0; function add(x) { kept.push(x) }")).toEqual({ printed: "" });
      expect((await sandbox.run("add(3); while (true) count++")).error).toMatch(/^TimeoutError/);
      expect(await sandbox.run("print(kept, count > 0)")).toEqual({ printed: "[1,2,3] true" });
    } finally {
      sandbox.dispose();
    }
  });

  it("the host never evaluates a string from the sandbox", () => {
    const folder = new URL("../../../runtime/code/", import.meta.url);
    for (const file of readdirSync(folder)) {
      const source = readFileSync(new URL(file, folder), "utf8");
      expect(source, file).not.toMatch(/(?<![.\w])eval\s*\(|new Function\b|(?<![.\w])Function\s*\(|vm\.run|node:vm/);
    }
  });
});
