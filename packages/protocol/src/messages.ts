/**
 * The wire protocol: every frame is `{ type, senderId, payload, ts }` as JSON text.
 * The zod schemas here are the single source; the TypeScript types are inferred
 * from them. The reference is README.md in this package.
 */
import { z } from 'zod';
import { PageDocumentSchema } from './document.ts';
import { OperationSchema } from './patch.ts';

/** What a person may do on one page: see it (viewer), edit it (editor), and manage it (owner); see access.ts. */
export const ROLES = ['viewer', 'editor', 'owner'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** `^[A-Za-z0-9_-]{1,64}$`: the page ids the server accepts. */
export const PAGE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const PageIdSchema = z.string().regex(PAGE_ID_PATTERN, 'page ids are 1–64 letters, digits, "_" or "-"');

export const OpIdSchema = z.string().min(1).max(128);
export const UserNameSchema = z.string().trim().min(1).max(64);
const SelectionSchema = z.array(z.string().max(128)).max(1000).nullable();

/** Where a person's pointer is (M7): a point of one component's box, as fractions of its width and height; null when off the canvas. */
export const PointerSchema = z
  .object({ id: z.string().min(1).max(128), x: z.number().min(0).max(1), y: z.number().min(0).max(1) })
  .nullable();
export type Pointer = z.infer<typeof PointerSchema>;
export const VIEWPORTS = ['desktop', 'tablet', 'mobile'] as const;
/** What a person's canvas shows (M7): the viewport frame, and how far down it is scrolled (0 top, 1 bottom). */
export const ViewSchema = z.object({ viewport: z.enum(VIEWPORTS), scroll: z.number().min(0).max(1) });
export type View = z.infer<typeof ViewSchema>;
/** A presence update (M2, M7): any of the three, at least one; a field left out is unchanged. */
const PresenceFields = { selection: SelectionSchema.optional(), pointer: PointerSchema.optional(), view: ViewSchema.optional() };
const hasAField = (p: { selection?: unknown; pointer?: unknown; view?: unknown }) =>
  p.selection !== undefined || p.pointer !== undefined || p.view !== undefined;

export const UserSchema = z.object({ userId: z.string(), userName: z.string(), color: z.string() });
export type User = z.infer<typeof UserSchema>;

// ---- client → server ----------------------------------------------------------

/** `patches` is checked apart (parsePatch) so that a bad list is `invalid-patch`, not `bad-message`. */
export const ClientOpPatchPayload = z.object({ patches: z.unknown(), version: z.number().int().min(0), opId: OpIdSchema });
export const ClientPresencePayload = z.object(PresenceFields).refine(hasAField, 'a presence needs a selection, a pointer or a view');
export type PresenceUpdate = z.infer<typeof ClientPresencePayload>;

const clientEnvelope = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  // senderId and ts are the server's to set: whatever a client puts there is ignored.
  z.object({ type: z.literal(type), payload, senderId: z.unknown().optional(), ts: z.unknown().optional() });

export const ClientMessageSchema = z.discriminatedUnion('type', [
  clientEnvelope('op-patch', ClientOpPatchPayload),
  clientEnvelope('presence', ClientPresencePayload),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export const CLIENT_MESSAGE_TYPES = ['op-patch', 'presence'] as const;

/**
 * `ClientMessageSchema.safeParse`, with the frame every editor sends many times
 * a second (a well-formed `op-patch`) checked by hand first: the same result,
 * without zod's cost on the hot path. Anything else goes to the schema.
 */
export function parseClientMessage(raw: unknown): ReturnType<typeof ClientMessageSchema.safeParse> {
  if (typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'op-patch') {
    const { payload, senderId, ts } = raw as { payload?: unknown; senderId?: unknown; ts?: unknown };
    if (typeof payload === 'object' && payload !== null && !Array.isArray(payload) && Object.hasOwn(payload, 'patches')) {
      const { patches, version, opId } = payload as { patches: unknown; version?: unknown; opId?: unknown };
      if (Number.isSafeInteger(version) && (version as number) >= 0 && typeof opId === 'string' && opId.length >= 1 && opId.length <= 128) {
        const data: ClientMessage = { type: 'op-patch', payload: { patches, version: version as number, opId } };
        // Kept as the schema keeps them, though the server ignores both.
        if (senderId !== undefined) data.senderId = senderId;
        if (ts !== undefined) data.ts = ts;
        return { success: true, data };
      }
    }
  }
  return ClientMessageSchema.safeParse(raw);
}

// ---- server → client ----------------------------------------------------------

export const SyncPayload = z.object({ schema: PageDocumentSchema, version: z.number().int(), users: z.array(UserSchema), you: UserSchema });
export const UserJoinPayload = UserSchema;
export const UserLeavePayload = z.object({ userId: z.string() });
/** Joins and leaves batched together, in a big room: apply `joined` first, then `left`. */
export const RosterPayload = z.object({ joined: z.array(UserSchema), left: z.array(z.string()) });
/**
 * What made a patch the server applied itself, when it was not someone's edit
 * (additive: absent on people's patches, whose author is the frame's `senderId`).
 * A `restore` brought back `version`, at the request of `userName` (SPEC H2).
 */
export const PatchOriginSchema = z.object({ kind: z.literal('restore'), version: z.number().int(), userName: z.string() });
export type PatchOrigin = z.infer<typeof PatchOriginSchema>;
export const OpPatchPayload = z.object({
  patches: z.array(OperationSchema),
  version: z.number().int(),
  opId: OpIdSchema,
  origin: PatchOriginSchema.optional(),
});
export const AckPayload = z.object({ opId: OpIdSchema, version: z.number().int() });
/** Relayed as sent (only the fields the update had), with whose it is. */
export const PresencePayload = z.object({ userId: z.string(), ...PresenceFields });
/** One accepted patch as the server logged it (canonical: add, remove, replace). */
export const LoggedPatchSchema = z.object({
  patches: z.array(OperationSchema),
  version: z.number().int(),
  opId: OpIdSchema,
  senderId: z.string(),
});
export type LoggedPatch = z.infer<typeof LoggedPatchSchema>;
/** Instead of `sync`, to a client that reconnects with `since`: what it missed, in order. */
export const CatchUpPayload = z.object({
  ops: z.array(LoggedPatchSchema),
  version: z.number().int(),
  users: z.array(UserSchema),
  you: UserSchema,
});
/** To every socket of a person whose role on the page changed: what they may do from now on. */
export const AccessPayload = z.object({ role: RoleSchema });
export const ErrorPayload = z.object({
  code: z.string(),
  message: z.string(),
  opId: OpIdSchema.optional(),
  /** With `overloaded` (SPEC L9): milliseconds to wait before sending the same patch again. */
  retryAfterMs: z.number().int().min(0).optional(),
});

const serverEnvelope = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.object({ type: z.literal(type), payload, senderId: z.string(), ts: z.number() });

export const ServerMessageSchema = z.discriminatedUnion('type', [
  serverEnvelope('sync', SyncPayload),
  serverEnvelope('catch-up', CatchUpPayload),
  serverEnvelope('user-join', UserJoinPayload),
  serverEnvelope('user-leave', UserLeavePayload),
  serverEnvelope('roster', RosterPayload),
  serverEnvelope('op-patch', OpPatchPayload),
  serverEnvelope('ack', AckPayload),
  serverEnvelope('presence', PresencePayload),
  serverEnvelope('error', ErrorPayload),
  serverEnvelope('access', AccessPayload),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
export type ServerMessageType = ServerMessage['type'];
export type ServerPayload<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>['payload'];

/**
 * What a client asks for, in its WebSocket URL (`?ticket=…&batch=1`), to take
 * `batch` frames (SPEC M8). A client that does not ask never gets one.
 */
export const BATCH_PARAM = 'batch';
/** Every server message one turn of the server had for one client, in order (SPEC M8); never nested. */
export const BatchPayload = z.object({ messages: z.array(ServerMessageSchema).min(1) });
/** One frame from the server: a message, or, to a client that asked (SPEC M8), a `batch` of them. */
export const ServerFrameSchema = z.discriminatedUnion('type', [...ServerMessageSchema.options, serverEnvelope('batch', BatchPayload)]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** The messages a frame carries, in order: the frame itself, or a batch's messages. */
export function messagesOf(frame: ServerFrame): ServerMessage[] {
  return frame.type === 'batch' ? frame.payload.messages : [frame];
}

/** The sender id of everything the server itself says. */
export const SERVER_SENDER = 'server';

// ---- HTTP -----------------------------------------------------------------------

/** Only `pageId`: the name shown is the signed-in account's (a `userName` sent along is ignored). */
export const TicketRequestSchema = z.object({ pageId: PageIdSchema });
export type TicketRequest = z.infer<typeof TicketRequestSchema>;
export const TicketResponseSchema = z.object({ ticket: z.string(), userId: z.string(), expiresAt: z.number(), role: RoleSchema });
export type TicketResponse = z.infer<typeof TicketResponseSchema>;
export interface HttpErrorBody {
  error: { code: string; message: string };
}

/** WebSocket close codes the server uses. */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  /** The connection kept sending invalid frames (SPEC L7). */
  PolicyViolation: 1008,
  TooLarge: 1009,
  /** The page cannot be served (unreadable, storage failed), or handling a frame failed. */
  InternalError: 1011,
  /** The client fell too far behind reading its messages. */
  TooSlow: 4008,
  /** The page was deleted (DELETE /api/pages/:id): do not reconnect. */
  PageDeleted: 4404,
  /** The person is no longer a member of the page: do not reconnect. */
  Forbidden: 4403,
} as const;
