// Choosing the model provider for a run: --model overrides, --replay / --record, credentials.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Program } from "../compiler/plan/ir.ts";
import { DEFAULT_MODEL } from "../runtime/defaults.ts";
import type { ModelProvider } from "../runtime/models/provider.ts";
import type { ProviderEntry } from "../runtime/models/registry.ts";
import { CliError, firstLine, UsageError, writeErr } from "./output.ts";
import type { RunCommandOptions } from "./run.ts";
import { missingCredentialsMessage, missingProvider } from "./run-providers.ts";
import { loadModels, loadReplay } from "./typescript-loader.ts";

/** `--model analyst=gpt-4.1` -> { analyst: "gpt-4.1" }. */
export function parseModelOverrides(values: readonly string[]): Record<string, string> {
  const models: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    const alias = value.slice(0, eq).trim();
    const id = value.slice(eq + 1).trim();
    if (eq <= 0 || alias === "" || id === "") {
      throw new UsageError(`--model expects ALIAS=ID, got '${value}'`, "for example: --model analyst=gpt-4.1");
    }
    models[alias] = id;
  }
  return models;
}

/** `--model` names a model of the plan: a declared alias, or a model id used by a worker. */
export function checkModelAliases(program: Program, models: Readonly<Record<string, string>>): void {
  const known = new Map<string, string>(); // alias -> id
  let usesDefault = false;
  for (const module of program.modules) {
    for (const decl of module.decls) {
      if (decl.kind === "model") known.set(decl.name, decl.id);
      if (decl.kind === "worker") {
        if (!decl.model) usesDefault = true;
        else known.set(decl.model.kind === "declared" ? (decl.model.name ?? decl.model.id) : decl.model.id, decl.model.id);
      }
    }
  }
  if (usesDefault) known.set(DEFAULT_MODEL, DEFAULT_MODEL);
  const ids = new Set(known.values());
  for (const alias of Object.keys(models)) {
    if (known.has(alias) || ids.has(alias)) continue;
    const list = [...known].map(([name, id]) => (name === id ? name : `${name} (${id})`));
    throw new UsageError(
      `--model ${alias}=...: the plan has no model '${alias}'`,
      list.length > 0 ? `models in this plan: ${list.join(", ")}` : "this plan calls no model",
    );
  }
}

export type CreateProvider = (typeof import("../runtime/models/index.ts"))["createProvider"];

/** True when every provider the run calls (run-providers.ts) has credentials. */
function hasCredentials(needed: readonly ProviderEntry[]): boolean {
  return missingProvider(needed) === undefined;
}

/**
 * Starts loading the provider code the run will use, if any. A replay needs
 * only the replay provider, so the model SDK (~0.2 s to load) is not loaded.
 */
export function providerFactory(options: RunCommandOptions, needsModel: boolean, needed: readonly ProviderEntry[]): Promise<CreateProvider> | undefined {
  if (options.replay) return replayFactory();
  if ((needsModel || options.record) && hasCredentials(needed)) return loadModels().then((models) => models.createProvider);
  return undefined;
}

async function replayFactory(): Promise<CreateProvider> {
  const { ReplayProvider } = await loadReplay();
  return (config) => {
    if (config.kind !== "replay") throw new Error(`flowc run: expected a replay provider, not ${config.kind}`);
    return new ReplayProvider({ path: config.path });
  };
}

export async function createModelProvider(
  options: RunCommandOptions,
  cwd: string,
  providers: Promise<CreateProvider> | undefined,
  needed: readonly ProviderEntry[],
): Promise<ModelProvider> {
  const factory = async () => (await providers) ?? (await providerFactory(options, true, needed)) ?? (await loadModels()).createProvider;
  if (options.replay) {
    const file = path.resolve(cwd, options.replay);
    if (!existsSync(file)) {
      throw new UsageError(
        `no such recording: ${options.replay}`,
        `make one with --record ${options.replay} against a real model`,
      );
    }
    const createProvider = await factory();
    try {
      return createProvider({ kind: "replay", path: file });
    } catch (error) {
      throw new CliError(firstLine(error instanceof Error ? error.message : String(error)));
    }
  }
  const missing = missingProvider(needed);
  if (missing) {
    const { message, hint } = missingCredentialsMessage(missing);
    throw new CliError(message, { hint });
  }
  const createProvider = await factory();
  try {
    // Each request to the provider its model names (runtime/models/routing.ts).
    if (options.record) return createProvider({ kind: "record", path: path.resolve(cwd, options.record) });
    return createProvider({ kind: "models" });
  } catch (error) {
    throw new CliError(firstLine(error instanceof Error ? error.message : String(error)));
  }
}

/** A plan that calls no worker runs without credentials; --replay/--record still apply if given. */
export async function offlineProvider(
  options: RunCommandOptions,
  cwd: string,
  providers: Promise<CreateProvider> | undefined,
  needed: readonly ProviderEntry[],
): Promise<ModelProvider | undefined> {
  if (options.replay) return createModelProvider(options, cwd, providers, needed);
  if (options.record && hasCredentials(needed)) return createModelProvider(options, cwd, providers, needed);
  return undefined;
}

export async function closeProvider(provider: ModelProvider | undefined): Promise<void> {
  try {
    await provider?.close?.();
  } catch (error) {
    writeErr(`warning: could not close the model provider: ${firstLine(String((error as Error)?.message ?? error))}`);
  }
}
