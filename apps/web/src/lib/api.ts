/**
 * The Pages API (packages/protocol/README.md, "Pages API") as plain functions:
 * one `fetch` each, the answer checked against the protocol's schemas, and every
 * failure an `ApiError` with a message fit to show.
 *
 *   const { pages, nextCursor } = await listPages();   // then listPages({ cursor: nextCursor }) for more
 *   const { id } = await createPage({ title: 'Spring launch', template: 'landing' });
 *
 * `fetch` is read from globalThis on every call, so tests can stub it.
 */
import {
  CreatePageResponseSchema,
  PageChangeResponseSchema,
  type PageListResponse,
  PageListResponseSchema,
  PageResponseSchema,
  PageVersionResponseSchema,
  PageVersionsResponseSchema,
  PublicationsResponseSchema,
  type PublicationsResponse,
  PublishResponseSchema,
  type PublishResponse,
  type ExportFormat,
  type PageChangeResponse,
  type PageDocument,
  type PageResponse,
  type PageVersion,
  type TemplateId,
  type TemplateInfo,
  TEMPLATE_IDS,
  AccountResponseSchema,
  AuthConfigResponseSchema,
  JoinResponseSchema,
  LinksResponseSchema,
  MembersResponseSchema,
  MemberSchema,
  ShareLinkSchema,
  type Account,
  type AuthConfigResponse,
  type JoinResponse,
  type Member,
  type Role,
  type ShareLink,
  PageAssetsResponseSchema,
  type PageImage,
} from '@tandem/protocol';
import { redirectToSignIn } from './routes.ts';

export class ApiError extends Error {
  constructor(
    /** The HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** The server's error code (`page-deleted`, `not-found`, …), `network`, or `bad-response`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server could not be reached at all (down, or no network). */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

/** Something to show a person for any error these functions throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

const UNREACHABLE = 'Cannot reach the Tandem server. Check that it is running and that you are online, then try again.';

interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

async function request<T>(method: string, path: string, body: unknown, schema: Parser<T> | null): Promise<T> {
  let response: Response;
  try {
    response = await globalThis.fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', UNREACHABLE);
  }
  const text = await response.text().catch(() => '');
  let json: unknown = null;
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : `http-${response.status}`;
    // Our server always says what went wrong; a bare 5xx comes from a proxy in front of a stopped one (Vite's, a gateway's).
    if (error === undefined && response.status >= 500) throw new ApiError(0, 'network', UNREACHABLE);
    // The session ended (or never began): every page but the sign-in one needs it, so go there and come back after.
    if (response.status === 401 && code === 'unauthenticated') redirectToSignIn();
    const wait = response.headers?.get?.('retry-after');
    if (code === 'rate-limited' && wait) throw new ApiError(response.status, code, `Too many tries. Wait ${wait} seconds, then try again.`);
    throw new ApiError(response.status, code, messageFor(response.status, code, error?.message));
  }
  if (schema === null) return undefined as T;
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ApiError(
      response.status,
      'bad-response',
      'The server sent an answer this page does not understand. Reload to get the latest version of Tandem.',
    );
  return parsed.data;
}

function messageFor(status: number, code: string, serverMessage: unknown): string {
  switch (code) {
    case 'page-deleted':
      return 'This page was deleted.';
    case 'not-found':
      return 'There is no such page.';
    case 'version-unavailable':
      return 'That version is no longer kept.';
    case 'asset-in-use':
      return 'The page uses this image. Take it out of the page first, then remove it here.';
    case 'conflict':
      return 'The page is busy (being deleted, or the server is restarting). Try again in a moment.';
    case 'bad-credentials':
      return 'That email and password do not match an account.';
    case 'email-taken':
      return 'There is already an account with this email. Sign in instead.';
    case 'unauthenticated':
      return 'You are signed out. Sign in to go on.';
    case 'forbidden':
      return 'Your role on this page does not allow this.';
    case 'rate-limited':
      if (typeof serverMessage === 'string' && /login/.test(serverMessage)) {
        const seconds = /(\d+) s\b/.exec(serverMessage)?.[1];
        return `Too many tries. Wait ${seconds ? `${seconds} seconds` : 'a minute'}, then try again.`;
      }
      return 'Many pages were just created from your address. Wait a minute, then try again.';
  }
  const detail = typeof serverMessage === 'string' && serverMessage !== '' ? serverMessage : `HTTP ${status}`;
  return status >= 500 ? `The server could not do this (${detail}).` : `The server refused this: ${detail}.`;
}

const pagePath = (id: string) => `/api/pages/${encodeURIComponent(id)}`;

/**
 * One stretch of the page list, most recently changed first: the first without
 * a cursor, each next one with the `nextCursor` of the one before (null: no more).
 * Without `limit`, the server's default (50).
 */
export async function listPages(options: { cursor?: string; limit?: number } = {}): Promise<PageListResponse> {
  const query = new URLSearchParams();
  if (options.limit !== undefined) query.set('limit', String(options.limit));
  if (options.cursor !== undefined) query.set('cursor', options.cursor);
  const search = query.size > 0 ? `?${query}` : '';
  return request('GET', `/api/pages${search}`, undefined, PageListResponseSchema);
}

/** A new page from a template, or from an exported document (`document` with its `formatVersion`). */
export async function createPage(body: {
  title: string;
  template?: TemplateId;
  document?: unknown;
  formatVersion?: number;
}): Promise<{ id: string }> {
  return request('POST', '/api/pages', body, CreatePageResponseSchema);
}

export async function getPage(id: string): Promise<PageResponse> {
  return request('GET', pagePath(id), undefined, PageResponseSchema);
}

/** Sets the title (the root Page's `title` prop) as one patch through the page's room. */
/** The history names the signed-in person as the author. */
export async function renamePage(id: string, title: string): Promise<PageChangeResponse> {
  return request('PATCH', pagePath(id), { title }, PageChangeResponseSchema);
}

export async function deletePage(id: string): Promise<void> {
  await request('DELETE', pagePath(id), undefined, null);
}

/** The stored snapshots, newest first. */
export async function listVersions(id: string): Promise<PageVersion[]> {
  return (await request('GET', `${pagePath(id)}/versions`, undefined, PageVersionsResponseSchema)).versions;
}

export async function getVersion(id: string, version: number): Promise<{ version: number; document: PageDocument }> {
  return request('GET', `${pagePath(id)}/versions/${version}`, undefined, PageVersionResponseSchema);
}

/** Makes the page what it was at `version` again, as one patch everyone in the room receives. */
export async function restoreVersion(id: string, version: number): Promise<PageChangeResponse> {
  return request('POST', `${pagePath(id)}/restore`, { version }, PageChangeResponseSchema);
}

const TemplatesResponseSchema: Parser<{ templates: TemplateInfo[] }> = {
  safeParse(value) {
    const list = (value as { templates?: unknown } | null)?.templates;
    if (!Array.isArray(list)) return { success: false };
    const templates = list.filter(
      (t): t is TemplateInfo =>
        typeof t === 'object' &&
        t !== null &&
        (TEMPLATE_IDS as readonly unknown[]).includes((t as TemplateInfo).id) &&
        typeof (t as TemplateInfo).name === 'string' &&
        typeof (t as TemplateInfo).description === 'string',
    );
    return { success: true, data: { templates } };
  },
};

/** What a new page can start from (blank, landing, pricing). */
export async function listTemplates(): Promise<TemplateInfo[]> {
  return (await request('GET', '/api/templates', undefined, TemplatesResponseSchema)).templates;
}

/** Publishes the page as it is now: a new publication, live at once. */
export async function publishPage(id: string, userName?: string): Promise<PublishResponse> {
  return request('POST', `${pagePath(id)}/publish`, userName ? { userName } : {}, PublishResponseSchema);
}

/** The page's publications, newest first, and its public address. */
export async function listPublications(id: string): Promise<PublicationsResponse> {
  return request('GET', `${pagePath(id)}/publications`, undefined, PublicationsResponseSchema);
}

/** Makes publication `number` the live one (a rollback, or forward again). */
export async function makeLive(id: string, number: number): Promise<PublicationsResponse> {
  return request('POST', `${pagePath(id)}/publications/${number}/live`, undefined, PublicationsResponseSchema);
}

/** Takes the page off its public address; its publications stay, to make live again. */
export async function unpublishPage(id: string): Promise<PublicationsResponse> {
  return request('DELETE', `${pagePath(id)}/publish`, undefined, PublicationsResponseSchema);
}

/** Where the browser downloads the page as one HTML file or as its JSON document. */
export function exportUrl(id: string, format: ExportFormat): string {
  return `${pagePath(id)}/export?format=${format}`;
}

// ---- Accounts and sharing (protocol README, "Access") ----

export async function getAuthConfig(): Promise<AuthConfigResponse> {
  return request('GET', '/api/auth/config', undefined, AuthConfigResponseSchema);
}

/** The signed-in person, or null when nobody is (without sending them to the sign-in page). */
export async function getMe(): Promise<Account | null> {
  try {
    const response = await globalThis.fetch('/api/auth/me', { headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const parsed = AccountResponseSchema.safeParse(JSON.parse(await response.text()));
    return parsed.success ? parsed.data.user : null;
  } catch {
    return null;
  }
}

export async function signIn(email: string, password: string): Promise<Account> {
  return (await request('POST', '/api/auth/login', { email, password }, AccountResponseSchema)).user;
}

export async function signUp(body: { email: string; password: string; name: string; invite?: string }): Promise<Account> {
  return (await request('POST', '/api/auth/signup', body, AccountResponseSchema)).user;
}

export async function signOut(): Promise<void> {
  await request('POST', '/api/auth/logout', undefined, null);
}

export async function joinPage(token: string): Promise<JoinResponse> {
  return request('POST', '/api/join', { token }, JoinResponseSchema);
}

/** The page's images (SPEC U7): those it uses, then those uploaded for it. */
export async function listPageAssets(id: string): Promise<PageImage[]> {
  return (await request('GET', `${pagePath(id)}/assets`, undefined, PageAssetsResponseSchema)).assets;
}

/** Takes an upload the page does not use off its list (SPEC U9); the image itself stays on the server. */
export async function removePageUpload(id: string, hash: string): Promise<void> {
  await request('DELETE', `${pagePath(id)}/assets/${encodeURIComponent(hash)}`, undefined, null);
}

export async function listMembers(id: string): Promise<Member[]> {
  return (await request('GET', `${pagePath(id)}/members`, undefined, MembersResponseSchema)).members;
}

export async function setMemberRole(id: string, userId: string, role: Role): Promise<Member> {
  const schema = { safeParse: (v: unknown) => MemberSchema.safeParse((v as { member?: unknown } | null)?.member) };
  return request('PUT', `${pagePath(id)}/members/${encodeURIComponent(userId)}`, { role }, schema);
}

export async function removeMember(id: string, userId: string): Promise<void> {
  await request('DELETE', `${pagePath(id)}/members/${encodeURIComponent(userId)}`, undefined, null);
}

export async function listLinks(id: string): Promise<ShareLink[]> {
  return (await request('GET', `${pagePath(id)}/links`, undefined, LinksResponseSchema)).links;
}

export async function createLink(id: string, role: 'editor' | 'viewer'): Promise<ShareLink> {
  return request('POST', `${pagePath(id)}/links`, { role }, ShareLinkSchema);
}

export async function revokeLink(id: string, linkId: string): Promise<void> {
  await request('DELETE', `${pagePath(id)}/links/${encodeURIComponent(linkId)}`, undefined, null);
}
