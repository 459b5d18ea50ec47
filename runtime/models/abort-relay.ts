// How model requests follow aborts cheaply.
//
// Relays: the signal the openai provider hands the SDK. The SDK adds an abort listener
// to the signal of each request and never removes it, so a long-lived signal
// (a map's, shared by thousands of requests) cannot be passed as it is. A fresh
// AbortController per request avoids the build-up but costs microseconds per
// request in Node 20 (making an AbortSignal, and the first listener on one).
//
// A relay is a signal that aborts when its outer signal does. The requests in
// flight on one outer signal share it, for at most MAX_USES requests (so it
// holds at most that many spent SDK listeners), and it is detached from the
// outer signal as soon as none of its requests is in flight: nothing outlives
// the requests.
//
// Providers that settle on abort by themselves (the openai provider cancels its
// HTTP request through a relay) are marked, so the runtime does not also race
// each of their requests against the signal (a promise and a listener each).

import { setMaxListeners } from "node:events";
import type { ModelProvider } from "./provider.ts";

const MAX_USES = 64;

export class AbortRelay {
  readonly #controller = new AbortController();
  readonly #forward: () => void;
  uses = 0;
  inFlight = 0;

  constructor(readonly outer: AbortSignal) {
    // One SDK listener per request it served: expected, not a leak.
    setMaxListeners(MAX_USES, this.#controller.signal);
    this.#forward = () => this.#controller.abort(outer.reason);
    // An aborted signal fires no more events: start aborted.
    if (outer.aborted) this.#forward();
    else outer.addEventListener("abort", this.#forward, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  detach(): void {
    this.outer.removeEventListener("abort", this.#forward);
  }
}

const current = new WeakMap<AbortSignal, AbortRelay>();

/** A signal for one request that aborts with `outer` (with its reason); give it back with `releaseRelay` once the request settled. */
export function acquireRelay(outer: AbortSignal): AbortRelay {
  let relay = current.get(outer);
  if (!relay || relay.uses >= MAX_USES || relay.signal.aborted) {
    relay = new AbortRelay(outer);
    current.set(outer, relay);
  }
  relay.uses++;
  relay.inFlight++;
  return relay;
}

export function releaseRelay(relay: AbortRelay): void {
  if (--relay.inFlight > 0) return;
  relay.detach();
  if (current.get(relay.outer) === relay) current.delete(relay.outer);
}

const abortAware = new WeakSet<ModelProvider>();

/**
 * Declares that `provider.complete` settles by itself as soon as
 * `CallInfo.signal` aborts (the openai provider cancels the HTTP request), so
 * the runtime need not race each request against the signal.
 */
export function markSettlesOnAbort(provider: ModelProvider): void {
  abortAware.add(provider);
}

export function settlesOnAbort(provider: ModelProvider): boolean {
  return abortAware.has(provider);
}
