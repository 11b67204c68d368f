import { describe, expect, it } from 'vitest';
import {
  CreateLinkRequestSchema,
  LoginRequestSchema,
  RoleSchema,
  roleAtLeast,
  SetMemberRequestSchema,
  SignupRequestSchema,
} from './access.ts';
import { PageSummarySchema } from './pages.ts';

describe('access schemas', () => {
  it('[A1] signup lower-cases and trims the email, trims the name', () => {
    expect(SignupRequestSchema.parse({ email: '  Ada@Example.COM ', password: 'correct horse', name: ' Ada ' })).toEqual({
      email: 'ada@example.com',
      password: 'correct horse',
      name: 'Ada',
    });
  });

  it.each([
    ['a short password', { email: 'a@b.c', password: 'short', name: 'Ada' }, 'at least 8'],
    ['no email', { password: 'long enough', name: 'Ada' }, 'email'],
    ['a non-email', { email: 'ada', password: 'long enough', name: 'Ada' }, 'not an email'],
    ['an empty name', { email: 'a@b.c', password: 'long enough', name: '  ' }, '1–64'],
    ['a long name', { email: 'a@b.c', password: 'long enough', name: 'x'.repeat(65) }, '1–64'],
  ])('[A1] signup refuses %s, saying why', (_what, body, why) => {
    const parsed = SignupRequestSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(why);
  });

  it('[A1] login takes an email and any non-empty password', () => {
    expect(LoginRequestSchema.parse({ email: 'ADA@b.c', password: 'x' })).toEqual({ email: 'ada@b.c', password: 'x' });
    expect(LoginRequestSchema.safeParse({ email: 'ada@b.c', password: '' }).success).toBe(false);
  });

  it('[A2] roles are ordered viewer < editor < owner', () => {
    expect(roleAtLeast('owner', 'editor')).toBe(true);
    expect(roleAtLeast('editor', 'editor')).toBe(true);
    expect(roleAtLeast('viewer', 'editor')).toBe(false);
    expect(roleAtLeast('editor', 'owner')).toBe(false);
    expect(RoleSchema.safeParse('admin').success).toBe(false);
    expect(SetMemberRequestSchema.safeParse({ role: 'owner' }).success).toBe(true);
  });

  it('[A4] a share link gives editor or viewer, never owner', () => {
    expect(CreateLinkRequestSchema.safeParse({ role: 'viewer' }).success).toBe(true);
    expect(CreateLinkRequestSchema.safeParse({ role: 'editor' }).success).toBe(true);
    expect(CreateLinkRequestSchema.safeParse({ role: 'owner' }).success).toBe(false);
  });

  it('[A2] a page summary carries the role', () => {
    const page = { id: 'p', title: 'T', version: 0, createdAt: 1, updatedAt: 1 };
    expect(PageSummarySchema.safeParse(page).success).toBe(false);
    expect(PageSummarySchema.safeParse({ ...page, role: 'viewer' }).success).toBe(true);
  });
});
