// Waits for a condition by polling (no time limit of its own: the test's timeout is the bound).
export async function untilTrue(check: () => boolean | Promise<boolean>, everyMs = 20): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, everyMs));
}
