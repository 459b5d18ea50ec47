// Worker threads do not inherit tsx's loader hooks on Node 20: register them here.
import { register } from "tsx/esm/api";

register();
await import("./worker-entry.ts");
