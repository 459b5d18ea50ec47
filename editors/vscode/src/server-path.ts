// Which `flowc` the extension starts as `flowc lsp`: the `flowc.serverPath`
// setting, else the workspace's own `node_modules/.bin/flowc` (the version
// the project builds with), else `flowc` on the PATH. No `vscode` import,
// so the choice is tested without VS Code.
import { existsSync } from "node:fs";
import path from "node:path";

export interface ServerCommand {
  readonly command: string;
  /** Windows runs `.cmd` shims through a shell. */
  readonly shell: boolean;
}

export function serverCommand(setting: string | undefined, workspaceFolders: readonly string[], platform: NodeJS.Platform = process.platform): ServerCommand {
  const shim = platform === "win32" ? "flowc.cmd" : "flowc";
  const shell = platform === "win32";
  const configured = setting?.trim() ?? "";
  if (configured !== "") {
    const first = workspaceFolders[0];
    const command = path.isAbsolute(configured) || first === undefined || !configured.includes("/") ? configured : path.join(first, configured);
    return { command, shell: shell && command.endsWith(".cmd") };
  }
  for (const folder of workspaceFolders) {
    const local = path.join(folder, "node_modules", ".bin", shim);
    if (existsSync(local)) return { command: local, shell };
  }
  return { command: shim, shell };
}
