// A code worker's default settings, in a file of their own with no imports:
// `flowc graph` reads them for its call bounds without loading the runtime.

export const CODE_DEFAULTS = Object.freeze({
  maxTurns: 12,
  maxSubCalls: 64,
  maxDepth: 1,
  batchConcurrency: 8,
  repairTurns: 2,
  memoryLimitBytes: 64 * 1024 * 1024,
  maxStackBytes: 16 * 1024,
  cellTimeMs: 2_000,
  maxOutputChars: 4_000,
});
