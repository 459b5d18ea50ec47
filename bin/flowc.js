#!/usr/bin/env node
// The flowc command. The sources are TypeScript; tsx compiles them on load.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
