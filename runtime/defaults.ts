// The runtime's defaults, in one module: the runtime applies them, and the
// compiler's call bounds and the CLI read them from here instead of keeping
// copies that could drift.
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_MAX_DEPTH = 5;
export const DEFAULT_MAX_TURNS = 8;
export const DEFAULT_MODEL = "gpt-4.1-mini";
/** Run-wide cap of model requests in flight: the map figure's concurrency, and what one API key usually bears. */
export const DEFAULT_MAX_IN_FLIGHT = 32;
/** Times an invalid answer goes back to the model before the call fails. */
export const DEFAULT_REPAIR_TURNS = 2;
/** Items one `reduce` call combines. */
export const DEFAULT_REDUCE_BATCH = 8;
