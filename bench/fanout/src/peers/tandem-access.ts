/**
 * Tandem needs a signed-in person with a role on the page for every ticket
 * (issue 10). The bench does what a team would: one owner creates each room's
 * page and an editor share link, and every bench client is a person of its own
 * who signs up and joins through that link. Pages are made by `POST /api/pages`
 * (a ticket never creates one), so a room's bench name maps to a server id.
 */
const PASSWORD = 'bench password 123';
let people = 0;

interface RoomGrant {
  pageId: string;
  token: string;
}

const rooms = new Map<string, Promise<RoomGrant>>();

async function post(port: number, path: string, body: unknown, cookie?: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
}

async function expectStatus(response: Response, status: number, what: string): Promise<Response> {
  if (response.status !== status) throw new Error(`${what} refused: ${response.status} ${await response.text()}`);
  return response;
}

/** Signs up a fresh account and returns its session cookie (`tandem_session=…`). */
export async function signUp(port: number, name: string): Promise<string> {
  const email = `bench-${process.pid}-${++people}-${Date.now().toString(36)}@example.com`;
  const response = await expectStatus(await post(port, '/api/auth/signup', { email, password: PASSWORD, name }), 201, 'sign-up');
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

/** The server page behind the bench room `room` on `port`, made once, with an editor link. */
function roomGrant(port: number, room: string): Promise<RoomGrant> {
  const key = `${port}/${room}`;
  let grant = rooms.get(key);
  if (!grant) {
    grant = (async () => {
      const owner = await signUp(port, 'bench owner');
      const created = await expectStatus(await post(port, '/api/pages', { title: room }, owner), 201, 'page creation');
      const { id } = (await created.json()) as { id: string };
      const link = await expectStatus(await post(port, `/api/pages/${id}/links`, { role: 'editor' }, owner), 201, 'share link');
      const { token } = (await link.json()) as { token: string };
      return { pageId: id, token };
    })();
    rooms.set(key, grant);
    grant.catch(() => rooms.delete(key));
  }
  return grant;
}

/** A new person, an editor of the room's page: their cookie and the page's server id. */
export async function joinRoom(port: number, room: string, name: string): Promise<{ cookie: string; pageId: string }> {
  const { pageId, token } = await roomGrant(port, room);
  const cookie = await signUp(port, name);
  await expectStatus(await post(port, '/api/join', { token }, cookie), 200, 'join');
  return { cookie, pageId };
}

/** A single-use ticket for a person (by cookie) on a page. */
export async function ticketFor(port: number, pageId: string, cookie: string): Promise<string> {
  const response = await expectStatus(await post(port, '/api/tickets', { pageId }, cookie), 201, 'ticket');
  return ((await response.json()) as { ticket: string }).ticket;
}
