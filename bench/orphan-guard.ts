// Bench children must not outlive the driver, even when it is killed with SIGKILL and cannot clean up.

/** Exits this process once its parent is gone (the child is then re-parented, so its ppid changes). */
export function exitWhenOrphaned(intervalMs = 500): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, intervalMs);
  timer.unref();
}
