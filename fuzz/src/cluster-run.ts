/**
 * The seeded run over real server processes (issue 15): one page, served by
 * every process of a `TestCluster` (PostgreSQL + Redis), people spread across
 * them, each connection landing on a process of its own. The real
 * CollabClient, the real editor store (and one in three sending raw patches),
 * real sockets and real timers; sockets are cut at random, and a client that
 * reconnects goes to any live process, re-sending what was in flight there;
 * with `kills`, whole processes are SIGKILLed mid-stream and restarted.
 *
 * The seed picks every action, target, pause, cut and kill, so a run replays
 * the same script; the timing of the processes is real, so the interleaving
 * does not replay exactly (a failing seed is re-run a few times to show it).
 *
 * At quiescence, the same promises as the simulation (simulation.ts), checked
 * against the database: every view equals the stored document, and every
 * process serves that same document at that version to a newcomer; the log's
 * versions are gap-free and each patch is in it once; replayed from the first,
 * every version is valid and the last is the stored document; every ack names
 * the version its patch was logged at, and no patch is acknowledged twice with
 * two versions.
 */
import { CollabClient, type WebSocketConstructor } from '@tandem/client';
import { createEditorStore } from '@tandem/editor';
import { applyPatch, type Operation, type PageDocument, validateDocument } from '@tandem/protocol';
import { PostgresStorage } from '@tandem/server';
import type { TestCluster } from '@tandem/server/cluster-testing';
import { createPage, member, type RunningServer, type Session, signUp, TestClient } from '@tandem/server/testing';
import WebSocket from 'ws';
import { type ActionKind, ActionMaker } from './actions.ts';
import { EditorPerson } from './editor-person.ts';
import { Random } from './random.ts';
import { firstDifference } from './simulation.ts';
import { KeystrokeLedger, Typist } from './typing.ts';

export interface ClusterRunOptions {
  /** People editing (structure and properties), spread over the processes. */
  clients: number;
  /** People typing into the same texts, on top of `clients`. */
  typists: number;
  /** Edits and keystrokes in all. */
  actions: number;
  /** Sockets cut in all (the client reconnects, to any live process). */
  cuts: number;
  /** Processes SIGKILLed mid-stream in all, each restarted a moment later. */
  kills: number;
  /** Longest pause between two steps of the script, in ms. */
  maxPauseMs: number;
}

export const defaultClusterRun: ClusterRunOptions = { clients: 5, typists: 1, actions: 80, cuts: 6, kills: 0, maxPauseMs: 12 };

export interface ClusterRunResult {
  seed: number;
  ok: boolean;
  failure?: string;
  versions: number;
  acks: number;
  /** Connections a client opened on another process than its previous one. */
  moves: number;
  ms: number;
}

const ACTIONS: ActionKind[] = ['add', 'add', 'delete', 'move', 'reorder', 'duplicate', 'prop', 'prop', 'prop'];
const QUIESCENCE_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One person's route into the cluster: which process their next ticket and socket go to. */
class Route {
  node: number;
  moves = 0;
  readonly acks: { opId: string; version: number }[] = [];
  readonly sockets: WebSocket[] = [];

  constructor(
    private readonly cluster: TestCluster,
    private readonly random: Random,
    first: number,
  ) {
    this.node = first;
  }

  /** Each ticket request picks the process: the first its own, the next another, every later one any live process. */
  fetch(session: Session) {
    let connections = 0;
    return (url: string, init: { method: string; headers: Record<string, string>; body: string }) => {
      if (connections++ > 0) {
        // The first reconnection always moves (a re-send to another process); later ones go anywhere, the same one included.
        const live = this.cluster.nodes.filter((n) => n.pid !== null && (connections > 2 || n.index !== this.node));
        const next = live.length > 0 ? this.random.pick(live).index : this.node;
        if (next !== this.node) this.moves++;
        this.node = next;
      }
      const node = this.cluster.nodes[this.node] as { http: string };
      return fetch(url.replace('http://cluster', node.http), { ...init, headers: { ...init.headers, cookie: session.cookie } });
    };
  }

  /** A `ws` WebSocket to the process of the last ticket, recording the acks it brings. */
  socketClass(): WebSocketConstructor {
    const route = this;
    return class extends WebSocket {
      constructor(url: string) {
        super(url.replace('ws://cluster', (route.cluster.nodes[route.node] as { ws: string }).ws));
        route.sockets.push(this);
        this.on('message', (data) => {
          const frame = JSON.parse(String(data)) as { type: string; payload: { opId?: string; version?: number } };
          if (frame.type === 'ack') route.acks.push({ opId: String(frame.payload.opId), version: Number(frame.payload.version) });
        });
      }
    } as unknown as WebSocketConstructor;
  }
}

export async function clusterRun(
  cluster: TestCluster,
  seed: number,
  options: ClusterRunOptions = defaultClusterRun,
): Promise<ClusterRunResult> {
  const started = performance.now();
  const random = new Random(seed);
  const nodes = cluster.nodes;
  const http = (i: number) => (nodes[i % nodes.length] as { http: string }).http;
  const owner = await signUp(http(0), 'owner');
  const pageId = await createPage(http(0), owner, `fuzz ${seed}`, 'starter');
  const people = options.clients + options.typists;
  // Each person joins through another process than the one their first socket goes to: sessions are the database's.
  const sessions = await Promise.all(Array.from({ length: people }, (_, i) => member(http(i + 1), owner, pageId, `p${i}`)));
  const routes = sessions.map((_, i) => new Route(cluster, random, i % nodes.length));
  const clients = sessions.map(
    (session, i) =>
      new CollabClient({
        baseUrl: 'http://cluster',
        pageId,
        userName: `p${i}`,
        WebSocket: (routes[i] as Route).socketClass(),
        fetch: (routes[i] as Route).fetch(session),
        backoff: { initialMs: 10, maxMs: 200, random: () => random.next() },
        sendIntervalMs: random.pick([0, 10, 50]),
      }),
  );
  const ledger = new KeystrokeLedger();
  const stores: { store: ReturnType<typeof createEditorStore>; client: CollabClient }[] = [];
  const storeFor = (client: CollabClient, tag: string) => {
    let n = 0;
    const store = createEditorStore(client, { ids: (type) => `${type.toLowerCase()}-${tag}-${++n}` });
    stores.push({ store, client });
    return store;
  };
  type Actor = () => void;
  const actors: Actor[] = clients.map((client, i): Actor => {
    if (i >= options.clients) {
      const typist = new Typist(random, storeFor(client, `t${i}`), `p${i}`, ledger);
      return () => typist.act();
    }
    if (i % 3 === 2) {
      const maker = new ActionMaker(random, `p${i}x`);
      return () => {
        if (client.doc === null) return;
        const ops = maker.make(client.doc, random.pick(ACTIONS));
        if (ops.length > 0) client.submit(ops);
      };
    }
    const person = new EditorPerson(random, storeFor(client, `p${i}`), `p${i}`);
    return () => void person.act();
  });
  const storage = await PostgresStorage.open(cluster.databaseUrl, { maxConnections: 2 });
  const restarts: Promise<void>[] = [];
  try {
    await Promise.all(clients.map((c) => c.connect()));
    // The script: edits, cuts and kills in a seeded order, with seeded pauses.
    const script = [
      ...Array<string>(options.actions).fill('act'),
      ...Array<string>(options.cuts).fill('cut'),
      ...Array<string>(options.kills).fill('kill'),
    ];
    for (let i = script.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [script[i], script[j]] = [script[j] as string, script[i] as string];
    }
    for (const step of script) {
      if (step === 'act') random.pick(actors)();
      else if (step === 'cut') {
        const open = routes.flatMap((r) => r.sockets).filter((s) => s.readyState === WebSocket.OPEN);
        if (open.length > 0) random.pick(open).terminate();
      } else {
        const live = nodes.filter((n) => n.pid !== null);
        // Never the last one standing: someone must be there to reconnect to.
        if (live.length > 1) {
          const victim = random.pick(live).index;
          await cluster.kill(victim);
          restarts.push(sleep(random.between(100, 1000)).then(() => cluster.restart(victim)));
        }
      }
      await sleep(random.int(options.maxPauseMs + 1));
    }
    await Promise.all(restarts);
    const failure = await quiesce(storage, pageId, clients);
    if (failure) return result(false, failure);
    await check(storage, pageId, clients, routes, cluster, owner);
    if (stores.some(({ store, client }) => store.getState().doc !== client.doc))
      throw new Error('an editor store lost track of its client');
    return result(true);
  } catch (error) {
    return result(false, (error as Error).message);
  } finally {
    for (const { store } of stores) store.destroy();
    for (const client of clients) client.close();
    await Promise.allSettled(restarts);
    await storage.close();
  }

  function result(ok: boolean, failure?: string): ClusterRunResult {
    return {
      seed,
      ok,
      ...(failure === undefined ? {} : { failure }),
      versions: Math.max(0, ...clients.map((c) => c.version)),
      acks: routes.reduce((n, r) => n + r.acks.length, 0),
      moves: routes.reduce((n, r) => n + r.moves, 0),
      ms: Math.round(performance.now() - started),
    };
  }
}

/** Waits until every client is connected, has nothing pending and is at the stored version; a failure message if not. */
async function quiesce(storage: PostgresStorage, pageId: string, clients: CollabClient[]): Promise<string | null> {
  const deadline = Date.now() + QUIESCENCE_MS;
  for (;;) {
    const stored = (await storage.getPage(pageId))?.version;
    if (clients.every((c) => c.status === 'connected' && c.pendingCount === 0 && c.version === stored)) return null;
    if (Date.now() > deadline) {
      const states = clients.map((c, i) => `p${i} ${c.status} v${c.version} pending ${c.pendingCount}`).join('; ');
      return `no quiescence within ${QUIESCENCE_MS / 1000} s: stored v${stored}; ${states}`;
    }
    await sleep(25);
  }
}

async function check(
  storage: PostgresStorage,
  pageId: string,
  clients: CollabClient[],
  routes: Route[],
  cluster: TestCluster,
  owner: Session,
): Promise<void> {
  const stored = await storage.load(pageId, { logLimit: Number.MAX_SAFE_INTEGER });
  if (!stored) throw new Error('the page is gone');
  // The log: gap-free up to the page's version, each patch once.
  const log = stored.log;
  const first = log[0]?.version ?? stored.version + 1;
  const logged = new Map<string, number>();
  log.forEach((entry, k) => {
    if (entry.version !== first + k) throw new Error(`the log skips from ${first + k - 1} to ${entry.version}`);
    if (logged.has(entry.opId)) throw new Error(`patch ${entry.opId} is logged twice (${logged.get(entry.opId)}, ${entry.version})`);
    logged.set(entry.opId, entry.version);
  });
  if (log.length > 0 && (log.at(-1) as { version: number }).version !== stored.version)
    throw new Error(`the log ends at ${log.at(-1)?.version}, the page is at ${stored.version}`);
  // Replayed from the version before the log, every version is valid and the last is the stored document.
  const base = await storage.loadVersion(pageId, first - 1);
  if (!base) throw new Error(`version ${first - 1} cannot be read`);
  let doc = base.doc;
  for (const entry of log) {
    const applied = applyPatch(doc, entry.patches as Operation[]);
    if (!applied.ok) throw new Error(`patch ${entry.opId} (version ${entry.version}) does not apply: ${applied.error.message}`);
    doc = applied.doc;
    const problems = validateDocument(doc);
    if (problems.length > 0) throw new Error(`version ${entry.version} is invalid: ${problems[0]}`);
  }
  const replayDiff = firstDifference(doc, stored.doc);
  if (replayDiff) throw new Error(`the log replays to another document than the stored one, at ${replayDiff}`);
  // Acks: each names the version its patch is logged at; a patch re-sent elsewhere is not acknowledged as another.
  const acked = new Map<string, number>();
  for (const route of routes) {
    for (const ack of route.acks) {
      const at = logged.get(ack.opId);
      // An ack with no log entry is a patch that transformed to nothing; it must not claim a version it has not.
      if (at !== undefined && at !== ack.version)
        throw new Error(`patch ${ack.opId} was acknowledged as ${ack.version} but logged as ${at}`);
      const before = acked.get(ack.opId);
      if (before !== undefined && before !== ack.version)
        throw new Error(`patch ${ack.opId} was acknowledged as ${before} and as ${ack.version}`);
      acked.set(ack.opId, ack.version);
    }
  }
  // Every process serves the same document at the same version to someone who joins now.
  for (const node of cluster.nodes) {
    const { doc, version } = await served(node, pageId, owner);
    const diff = firstDifference(doc, stored.doc);
    if (version !== stored.version || diff)
      throw new Error(`process ${node.index} serves v${version} (${diff ?? 'same document'}), the store v${stored.version}`);
  }
  const differing = clients.flatMap((client, i) => {
    const diff = firstDifference(client.doc as PageDocument, stored.doc);
    return diff ? [{ i, diff, node: (routes[i] as Route).node }] : [];
  });
  // Last, so that a failure here says the store, the acks and every process's copy were sound: the views went wrong.
  if (differing.length > 0) {
    const [one] = differing as [(typeof differing)[number]];
    const on = [...new Set(differing.map((d) => d.node))].join(', ');
    throw new Error(
      `p${one.i}'s view (last on process ${one.node}) differs from the stored document at ${one.diff}; ` +
        `${differing.length} of ${clients.length} views differ (last on processes ${on}), though every process serves the stored v${stored.version} and the log and acks are sound`,
    );
  }
}

/** What process `node` sends someone who joins `pageId` now. */
async function served(node: TestCluster['nodes'][number], pageId: string, owner: Session): Promise<{ doc: PageDocument; version: number }> {
  const joined = await TestClient.join(node as unknown as RunningServer, pageId, owner);
  await joined.close();
  return { doc: joined.sync.payload.schema, version: joined.sync.payload.version };
}
