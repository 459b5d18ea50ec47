// One model request as the scheduler sees it: budget reservation, per-model
// limits, a per-attempt timeout, retries with backoff on retryable errors,
// then usage accounting (which may stop the run on a budget).
import { raceAbort, throwIfAborted } from "./clock.ts";
import { abortReason, BudgetExceededError, ModelRequestError } from "./errors.ts";
import type { Frame } from "./frame.ts";
import { settlesOnAbort } from "./models/abort-relay.ts";
import { ModelError, type CallInfo, type ChatRequest, type ChatResponse, type ModelProvider } from "./models/provider.ts";
import { asModelError, retryDelay } from "./retry.ts";
import type { ResolvedModel } from "./run-state.ts";

export async function requestModel(
  frame: Frame,
  workerName: string,
  model: ResolvedModel,
  request: ChatRequest,
  retries: number,
): Promise<ChatResponse> {
  const run = frame.run;
  const provider = run.resolvedProvider ?? (await run.provider());
  const limiter = run.limits.forModel(model.alias, model.id);
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(frame.signal, frame.path);
    const release = limiter ? await limiter.acquire(frame.signal, frame.path) : NO_LIMIT;
    let response: ChatResponse;
    try {
      reserveBudget(frame);
      try {
        response = await attemptOnce(frame, provider, request, workerName);
      } finally {
        run.budget.finish();
      }
    } catch (error) {
      if (frame.signal.aborted) throw abortReason(frame.signal, frame.path);
      if (error instanceof BudgetExceededError) throw error;
      const modelError = asModelError(error);
      if (!modelError.retryable || attempt > retries) {
        throw new ModelRequestError(frame.path, model.id, modelError.status, attempt, modelError);
      }
      const delayMs = retryDelay(modelError, attempt, run.retry, run.clock.random);
      run.emit({ type: "retry", path: frame.path, model: model.id, attempt, delayMs, status: modelError.status, error: modelError.message });
      await run.clock.sleep(delayMs, frame.signal);
      continue;
    } finally {
      release();
    }
    recordUsage(frame, workerName, model.id, response);
    return response;
  }
}

function reserveBudget(frame: Frame): void {
  try {
    frame.run.budget.begin();
  } catch (error) {
    frame.run.stop(error as Error);
    throw error;
  }
}

/** The release of a model without limits. */
const NO_LIMIT = (): void => {};

/**
 * Sends once. The runtime enforces the timeout too (a provider may ignore it),
 * and stops waiting as soon as the frame is aborted: by racing the request
 * against the signal, unless the provider settles on abort by itself.
 */
function attemptOnce(frame: Frame, provider: ModelProvider, request: ChatRequest, worker: string): Promise<ChatResponse> {
  const timeoutMs = frame.run.options.timeoutMs;
  if (timeoutMs === undefined) {
    const info: CallInfo = { path: frame.path, worker, signal: frame.signal };
    const sent = provider.complete(request, info);
    return settlesOnAbort(provider) ? sent : raceAbort(sent, frame.signal, frame.path);
  }
  return attemptWithTimeout(frame, provider, request, worker, timeoutMs);
}

async function attemptWithTimeout(frame: Frame, provider: ModelProvider, request: ChatRequest, worker: string, timeoutMs: number): Promise<ChatResponse> {
  const timer = new AbortController();
  const handle = setTimeout(
    () => timer.abort(new ModelError(`request timed out after ${timeoutMs} ms`, { retryable: true })),
    timeoutMs,
  );
  const signal = AbortSignal.any([frame.signal, timer.signal]);
  try {
    return await raceAbort(provider.complete(request, { path: frame.path, worker, signal, timeoutMs }), signal, frame.path);
  } finally {
    clearTimeout(handle);
  }
}

function recordUsage(frame: Frame, worker: string, model: string, response: ChatResponse): void {
  const run = frame.run;
  const record = {
    worker,
    model,
    depth: frame.depth,
    promptTokens: response.usage?.prompt_tokens ?? 0,
    completionTokens: response.usage?.completion_tokens ?? 0,
  };
  const usd = run.usage.record(record);
  // Per-frame usage is read only by the trace's end/error lines.
  if (run.tracer.enabled) frame.addUsageToLineage(record, usd);
  const exceeded = run.budget.check();
  if (exceeded) {
    run.stop(exceeded);
    throw exceeded;
  }
}
