// The sandbox a code worker's cells run in: a QuickJS context compiled to
// WebAssembly (quickjs-emscripten's asyncify build). The context has the
// language and nothing else: no file system, network, process, timers,
// console or module loader. Host functions are asyncified, so sandbox code
// calls them synchronously (`const s = llm(p, t)`) while the host awaits, and
// cells are plain global scripts whose top-level declarations persist.
//
// Only strings cross the boundary: the prelude (host-written code, run once
// before any cell) wraps each host function so the sandbox's own JSON turns
// arguments into text and results back into values; the host reads that text
// with JSON.parse (dropping `__proto__` keys). The host never evaluates a
// string from the sandbox.
//
// One WebAssembly module per sandbox: an asyncify module can have only one
// suspended call, and code workers run concurrently and call themselves.
import type { QuickJSAsyncContext, QuickJSAsyncRuntime, QuickJSHandle } from "quickjs-emscripten-core";
import { FlowcError } from "../errors.ts";
import { OutputBuffer } from "./output.ts";
import { describeSandboxError, STACK_OVERFLOW, type SandboxLimits } from "./sandbox-errors.ts";

/** A host function: JSON values in, a JSON value (or undefined) out. Throwing sends the message into the sandbox as an Error. */
export type HostFunction = (args: readonly unknown[]) => unknown;

export interface CellResult {
  readonly printed: string;
  /** The last expression's value as text, when it is not undefined. */
  readonly value?: string;
  /** Why the cell stopped, in words for the model. */
  readonly error?: string;
}

export interface SandboxOptions extends SandboxLimits {
  readonly signal: AbortSignal;
}

const HOST_BRIDGE = "__flowc_host";

export class Sandbox {
  #deadline = Infinity;
  #output: OutputBuffer | undefined;
  /** A fatal host error (abort, budget, denied approval): stops the cell at once and is rethrown by `run`. */
  #fatal: unknown;
  #showValue: QuickJSHandle | undefined;
  #disposed = false;
  // Set by #boot: a fresh engine replaces them after the host's stack ran out.
  private runtime!: QuickJSAsyncRuntime;
  private context!: QuickJSAsyncContext;

  private constructor(
    private readonly options: SandboxOptions,
    private readonly globals: Readonly<Record<string, unknown>>,
    private readonly functions: Readonly<Record<string, HostFunction>>,
  ) {}

  static async create(options: SandboxOptions, globals: Readonly<Record<string, unknown>>, functions: Readonly<Record<string, HostFunction>>): Promise<Sandbox> {
    const sandbox = new Sandbox(options, globals, functions);
    await sandbox.#boot();
    return sandbox;
  }

  /** A new engine (module, runtime, context) with the inputs and host functions installed. */
  async #boot(): Promise<void> {
    const { newQuickJSAsyncWASMModuleFromVariant } = await import("quickjs-emscripten-core");
    // The import's promise as it is: the library unwraps `default` (once for ES modules, twice for CommonJS).
    const module = await newQuickJSAsyncWASMModuleFromVariant(import("@jitl/quickjs-wasmfile-release-asyncify"));
    const runtime = (this.runtime = module.newRuntime());
    runtime.setMemoryLimit(this.options.memoryLimitBytes);
    runtime.setMaxStackSize(this.options.maxStackBytes);
    runtime.setModuleLoader(() => ({ error: new Error("modules cannot be loaded in the sandbox") }));
    this.context = runtime.newContext();
    runtime.setInterruptHandler(() => this.#fatal !== undefined || this.options.signal.aborted || Date.now() > this.#deadline);
    this.#install(this.globals, this.functions);
  }

  /** Runs one cell. Rejects only with a fatal host error; everything else is in the result, for the model. */
  async run(code: string): Promise<CellResult> {
    if (this.#disposed) throw new SandboxFailedError("the sandbox was disposed");
    const output = (this.#output = new OutputBuffer(this.options.maxOutputChars));
    this.#deadline = Date.now() + this.options.cellTimeMs;
    let result;
    try {
      result = await this.context.evalCodeAsync(code, "cell.js", { type: "global" });
    } catch (error) {
      // The engine itself failed: usually the host's stack ran out under deep
      // recursion before QuickJS's own stack limit (the asyncify build's frames
      // grow once V8 optimizes them). Its state cannot be trusted: start afresh.
      return this.#reset(error, output);
    } finally {
      this.#deadline = Infinity;
    }
    if (this.#fatal !== undefined || this.options.signal.aborted) {
      result.dispose();
      throw this.#fatal ?? this.options.signal.reason;
    }
    if (result.error) {
      const error = this.#readError(result.error);
      return { printed: output.text(), error: describeSandboxError(error, this.options, code) };
    }
    const settled = this.#settle(result.value);
    if (settled.error) return { printed: output.text(), error: describeSandboxError(this.#readError(settled.error), this.options, code) };
    const value = this.#readValue(settled.value!);
    return value === undefined ? { printed: output.text() } : { printed: output.text(), value };
  }

  /**
   * Lets go of the sandbox. Its runtime is not freed one object at a time:
   * quickjs-emscripten 0.32's async runtime forgets its callbacks before it
   * frees the host functions and throws (and aborts on any handle a stopped
   * cell left behind). The WebAssembly module is this sandbox's alone, so
   * dropping it frees everything at once.
   */
  dispose(): void {
    this.#disposed = true;
  }

  #install(globals: Readonly<Record<string, unknown>>, functions: Readonly<Record<string, HostFunction>>): void {
    const ctx = this.context;
    const bridge = ctx.newAsyncifiedFunction(HOST_BRIDGE, (nameHandle, argsHandle) => {
      const name = ctx.getString(nameHandle);
      const argsText = ctx.getString(argsHandle);
      return this.#callHost(functions, name, argsText);
    });
    ctx.setProp(ctx.global, HOST_BRIDGE, bridge);
    bridge.dispose();
    const print = ctx.newFunction("print", (textHandle) => {
      this.#output?.write(ctx.getString(textHandle));
    });
    ctx.setProp(ctx.global, "__flowc_print", print);
    print.dispose();
    // The inputs cross as one JSON string, parsed by the sandbox's JSON.
    const input = ctx.newFunction("input", () => ctx.newString(JSON.stringify(globals)));
    ctx.setProp(ctx.global, "__flowc_input", input);
    input.dispose();
    this.#evalPrelude(PRELUDE.replace("$NAMES", () => JSON.stringify(Object.keys(functions))));
    this.#showValue = ctx.getProp(ctx.global, "__flowc_show");
  }

  async #callHost(functions: Readonly<Record<string, HostFunction>>, name: string, argsText: string): Promise<QuickJSHandle | { error: QuickJSHandle }> {
    const ctx = this.context;
    const fn = Object.hasOwn(functions, name) ? functions[name] : undefined;
    if (!fn) return { error: ctx.newError(`${name} is not a host function`) };
    // Time spent waiting for the host does not count against the cell's time.
    const started = Date.now();
    try {
      const args = parseFromSandbox(argsText);
      const value = await fn(Array.isArray(args) ? args : []);
      return value === undefined ? ctx.undefined : ctx.newString(JSON.stringify(value));
    } catch (error) {
      if (isFatalHostError(error)) this.#fatal = error;
      return { error: ctx.newError(error instanceof Error ? error.message : String(error)) };
    } finally {
      this.#deadline += Date.now() - started;
    }
  }

  #evalPrelude(code: string): void {
    const result = this.context.evalCode(code, "prelude.js", { type: "global", strict: true });
    this.context.unwrapResult(result).dispose();
  }

  async #reset(error: unknown, output: OutputBuffer): Promise<CellResult> {
    const reason = error instanceof RangeError ? STACK_OVERFLOW : `SandboxError: the engine failed (${error instanceof Error ? error.message : String(error)})`;
    try {
      await this.#boot();
    } catch (bootError) {
      this.#disposed = true;
      throw new SandboxFailedError(bootError instanceof Error ? bootError.message : String(bootError));
    }
    return { printed: output.text(), error: `${reason}. The sandbox was reset: declarations of earlier cells are gone; the inputs are defined again.` };
  }

  /**
   * A cell whose last expression is a promise (an `async` function called, an
   * `import()`): its jobs run now, and a rejection is the cell's error. There
   * are no timers or I/O, so a promise still pending never settles.
   */
  #settle(handle: QuickJSHandle): { value?: QuickJSHandle; error?: QuickJSHandle } {
    const first = this.context.getPromiseState(handle);
    if (first.type === "fulfilled" && first.notAPromise) return { value: handle };
    if (first.type === "fulfilled") first.value.dispose();
    this.#deadline = Date.now() + this.options.cellTimeMs;
    try {
      this.runtime.executePendingJobs().dispose();
    } finally {
      this.#deadline = Infinity;
    }
    const state = this.context.getPromiseState(handle);
    handle.dispose();
    switch (state.type) {
      case "fulfilled":
        return { value: state.value };
      case "rejected":
        return { error: state.error };
      case "pending":
        return { value: this.context.newString("Promise (pending: there are no timers or I/O in the sandbox, and host functions return their results directly)") };
    }
  }

  /** name and message of what the cell threw, read under a short deadline (a getter could loop). */
  #readError(handle: QuickJSHandle): { name: string; message: string } {
    this.#deadline = Date.now() + 100;
    try {
      const text = this.context.dump(handle) as unknown;
      if (text && typeof text === "object" && typeof (text as { message?: unknown }).message === "string") {
        const { name, message } = text as { name?: unknown; message: string };
        return { name: typeof name === "string" ? name : "Error", message };
      }
      return { name: "", message: (JSON.stringify(text) ?? String(text)).slice(0, 500) };
    } catch {
      return { name: "Error", message: "the cell threw a value that could not be read" };
    } finally {
      this.#deadline = Infinity;
      handle.dispose();
    }
  }

  /** The last expression's value: strings as they are, others as JSON, cut to the output limit. */
  #readValue(handle: QuickJSHandle): string | undefined {
    this.#deadline = Date.now() + 100;
    try {
      if (this.context.typeof(handle) === "undefined") return undefined;
      const text = this.context.getString(this.context.unwrapResult(this.context.callFunction(this.#showValue!, this.context.undefined, handle)));
      return text.length > this.options.maxOutputChars ? `${text.slice(0, this.options.maxOutputChars)}… [cut]` : text;
    } catch {
      return undefined;
    } finally {
      this.#deadline = Infinity;
      handle.dispose();
    }
  }

}

// Host-written, evaluated once before any cell. It captures JSON and the
// bridge in closures and removes the bridge from the global object, so a cell
// cannot call it directly or change how values are encoded.
const PRELUDE = `
(() => {
  const bridge = globalThis.${HOST_BRIDGE};
  const printer = globalThis.__flowc_print;
  delete globalThis.${HOST_BRIDGE};
  delete globalThis.__flowc_print;
  const stringify = JSON.stringify, parse = JSON.parse, freeze = Object.freeze, define = Object.defineProperty;
  const show = (value) => typeof value === "string" ? value : (stringify(value) ?? String(value));
  const fixed = (name, value) => define(globalThis, name, { value: freeze(value), writable: false, configurable: false, enumerable: false });
  for (const name of $NAMES) {
    fixed(name, (...args) => {
      const text = bridge(name, stringify(args, (key, value) => value === undefined ? null : value));
      return text === undefined ? undefined : parse(text);
    });
  }
  const print = (...values) => { printer(values.map(show).join(" ")); };
  fixed("print", print);
  fixed("console", { log: print, info: print, warn: print, error: print });
  define(globalThis, "__flowc_show", { value: show, writable: false, configurable: false, enumerable: false });
  const values = parse(globalThis.__flowc_input());
  delete globalThis.__flowc_input;
  for (const key of Object.keys(values)) globalThis[key] = values[key];
})();
`;

/** JSON.parse of sandbox text, without `__proto__` keys (they would set a prototype when copied). */
export function parseFromSandbox(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === "__proto__" ? undefined : value));
}

function isFatalHostError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { fatal?: unknown }).fatal === true;
}

/** The QuickJS engine itself failed (not the cell's code): the code worker cannot go on. */
export class SandboxFailedError extends FlowcError {
  constructor(reason: string) {
    super(`The code sandbox failed and cannot be used any more: ${reason}`);
  }
}
