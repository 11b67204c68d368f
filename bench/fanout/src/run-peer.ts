/**
 * One peer on one configuration: a fresh server and its rooms, open-loop steps
 * until saturation (and `past` beyond, each saturated step followed by a fresh
 * server so that its backlog does not spill into the next), then the
 * closed-loop maximum. Used by main.ts, and by cluster/ for its variants.
 */
import type { Config, Options } from './options.ts';
import type { Peer } from './peers/types.ts';
import { Recorder } from './recorder.ts';
import { runStep, type Session, type StepResult } from './step.ts';
import { formatStep, type PeerResult } from './table.ts';

async function openSession(peer: Peer, config: Config): Promise<Session> {
  const recorder = new Recorder();
  const server = await peer.start();
  const session: Session = { peer, server, rooms: [], clientsPerRoom: config.clients, recorder };
  try {
    for (let r = 0; r < config.rooms; r++) {
      const authors = Array.from({ length: config.clients }, (_, i) => r * config.clients + i);
      for (const author of authors) recorder.joined(author, r);
      session.rooms.push(await peer.openRoom(server, `bench-${config.clients}x${config.rooms}-r${r}`, authors, recorder));
    }
    return session;
  } catch (error) {
    await closeSession(session);
    throw error;
  }
}

async function closeSession(session: Session): Promise<void> {
  for (const room of session.rooms) await room.close();
  await session.server.stop();
}

export async function runPeer(peer: Peer, config: Config, options: Options): Promise<PeerResult> {
  const result: PeerResult = { peer: peer.name, description: peer.describe(), steps: [], closed: null, error: null };
  let session: Session | null = null;
  const stepOptions = {
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    drainMs: options.drainMs,
    p99BoundMs: options.p99BoundMs,
    window: options.window,
  };
  try {
    let saturated = 0;
    for (const rate of options.steps) {
      // A server just started runs its first step longer before measuring: its JIT is still compiling the hot path.
      const fresh = session === null;
      session ??= await openSession(peer, config);
      const warmupMs = fresh ? Math.max(options.warmupMs, options.warmupFirstMs) : options.warmupMs;
      const step: StepResult = await runStep(session, { ...stepOptions, warmupMs, rate });
      console.log(formatStep(peer.name, step));
      result.steps.push(step);
      if (step.saturated) {
        // What is still queued would spill into the next step: start afresh.
        await closeSession(session);
        session = null;
        if (++saturated > options.past) break;
      }
    }
    if (options.closed) {
      const fresh = session === null;
      session ??= await openSession(peer, config);
      const warmupMs = fresh ? Math.max(options.warmupMs, options.warmupFirstMs) : options.warmupMs;
      result.closed = await runStep(session, { ...stepOptions, warmupMs, rate: null });
      console.log(formatStep(peer.name, result.closed));
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    console.log(`  ${peer.name}: FAILED: ${result.error}`);
  } finally {
    if (session) await closeSession(session);
  }
  return result;
}
