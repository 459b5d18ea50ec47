// The server on stdin/stdout, run from the sources (`node --import tsx
// lsp/stdio.ts`): what the tests and bench/lsp.ts start. `flowc lsp` starts
// the same server from the CLI.
import { startServer } from "./server.ts";

startServer();
