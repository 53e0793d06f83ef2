/**
 * Last-in-first-out cleanup steps that also run on Ctrl-C / SIGTERM, so a benchmark never leaves databases,
 * daemons or child processes behind.
 */
const steps: { name: string; run: () => void | Promise<void> }[] = [];
let installed = false;

/** Registers a cleanup step; returns a function that runs it early and removes it. */
export function onCleanup(name: string, run: () => void | Promise<void>): () => Promise<void> {
  const step = { name, run };
  steps.push(step);
  if (!installed) {
    installed = true;
    for (const sig of ["SIGINT", "SIGTERM"] as const)
      process.once(sig, () => {
        console.error(`\n${sig}: cleaning up…`);
        void runCleanups().finally(() => process.exit(130));
      });
  }
  return async () => {
    const i = steps.indexOf(step);
    if (i >= 0) {
      steps.splice(i, 1);
      await step.run();
    }
  };
}

/** Runs every registered step, newest first; a failing step is reported and the rest still run. */
export async function runCleanups(): Promise<void> {
  while (steps.length) {
    const step = steps.pop()!;
    try {
      await step.run();
    } catch (e) {
      console.error(`cleanup "${step.name}" failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
