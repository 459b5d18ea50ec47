import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT_DIR = path.resolve(BENCH_DIR, "..");
export const FLOWC_BIN = path.join(ROOT_DIR, "bin", "flowc.js");
export const TSX_BIN = path.join(BENCH_DIR, "node_modules", ".bin", "tsx");
export const TMP_DIR = path.join(BENCH_DIR, ".tmp");
