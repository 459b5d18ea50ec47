// save_report: the one side effect of the pitchdeck flow, so it `needs approval`.
// It writes only inside out/ under the working folder.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export async function save_report(input: { path: string; markdown: string }): Promise<void> {
  const root = path.resolve("out");
  const target = path.resolve(input.path);
  if (target !== root && !target.startsWith(root + path.sep)) {
    throw new Error(`save_report writes only under out/, not to ${input.path}`);
  }
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, input.markdown.endsWith("\n") ? input.markdown : `${input.markdown}\n`, "utf8");
}
