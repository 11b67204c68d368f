/**
 * A server started by a package manager (`pnpm start`) runs as that wrapper's
 * child. A SIGTERM to the wrapper is forwarded, but a SIGKILL cannot be: the
 * wrapper dies and the server, reparented, would keep the port with nobody
 * left to stop it. So when a package-manager script started us (pnpm and npm
 * set `npm_lifecycle_event`), the server watches its parent and shuts down
 * gracefully once it is gone. Started directly (systemd, a container), it never
 * does: there the supervisor is the parent, or the process is its own.
 */
export function watchParent(env: NodeJS.ProcessEnv, onGone: () => void, intervalMs = 500): () => void {
  if (!env.npm_lifecycle_event) return () => {};
  const parent = process.ppid;
  const timer = setInterval(() => {
    // process.ppid is read afresh each time: it changes when the parent exits.
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
