/**
 * Accounts, sessions, page roles and share links (REST, under /api/auth, /api/pages
 * and /api/join): the bodies the server checks and the shapes it answers with.
 * The reference with every route, status and cookie is README.md ("Access").
 */
import { z } from 'zod';
import { PageIdSchema, ROLES, type Role, RoleSchema } from './messages.ts';

export { ROLES, type Role, RoleSchema };

/** True when `role` allows at least what `needed` allows (owner > editor > viewer). */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Emails are compared case-insensitively: stored and looked up trimmed and lower-cased. */
export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'not an email address')
  .transform((email) => email.toLowerCase());
export const PasswordSchema = z.string().min(8, 'passwords are at least 8 characters').max(1024, 'passwords are at most 1024 characters');
export const AccountNameSchema = z.string().trim().min(1, 'names are 1–64 characters').max(64, 'names are 1–64 characters');

/** `invite`: a live share link's token, which lets a new person sign up when SIGNUP=closed. */
export const SignupRequestSchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  name: AccountNameSchema,
  invite: z.string().max(200).optional(),
});
export type SignupRequest = z.input<typeof SignupRequestSchema>;
export const LoginRequestSchema = z.object({ email: EmailSchema, password: z.string().min(1).max(1024) });
export type LoginRequest = z.input<typeof LoginRequestSchema>;

export const AccountSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type Account = z.infer<typeof AccountSchema>;
/** signup, login and me answer with this. */
export const AccountResponseSchema = z.object({ user: AccountSchema });

/** `GET /api/auth/config`: whether anyone may sign up, and whether this server has no account yet (the first run). */
export const AuthConfigResponseSchema = z.object({ signup: z.enum(['open', 'closed']), firstRun: z.boolean() });
export type AuthConfigResponse = z.infer<typeof AuthConfigResponseSchema>;

export const CreateTokenRequestSchema = z.object({ name: z.string().trim().min(1).max(64) });
/** The token is shown once: the server keeps only its hash. */
export const CreateTokenResponseSchema = z.object({ id: z.string(), token: z.string() });

export const MemberSchema = z.object({ userId: z.string(), name: z.string(), email: z.string(), role: RoleSchema });
export type Member = z.infer<typeof MemberSchema>;
export const MembersResponseSchema = z.object({ members: z.array(MemberSchema) });
export const SetMemberRequestSchema = z.object({ role: RoleSchema });

/** Share links give editor or viewer; ownership is given by a member's role, never by a link. */
export const LinkRoleSchema = z.enum(['editor', 'viewer']);
export const CreateLinkRequestSchema = z.object({ role: LinkRoleSchema });
export const ShareLinkSchema = z.object({ id: z.string(), role: LinkRoleSchema, token: z.string(), url: z.string() });
export type ShareLink = z.infer<typeof ShareLinkSchema>;
export const LinksResponseSchema = z.object({ links: z.array(ShareLinkSchema) });

export const JoinRequestSchema = z.object({ token: z.string().min(1).max(200) });
export const JoinResponseSchema = z.object({ pageId: PageIdSchema, role: RoleSchema });
export type JoinResponse = z.infer<typeof JoinResponseSchema>;

/** The name of the session cookie. */
export const SESSION_COOKIE = 'tandem_session';
