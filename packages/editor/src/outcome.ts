/** What a recipe (and so an action) reports: its value, or why it changed nothing. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(reason: string): Outcome<T> => ({ ok: false, reason });
