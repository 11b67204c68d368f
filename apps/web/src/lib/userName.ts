/** Who this browser is on a page: a name kept in localStorage, or a friendly random one. */

export const USER_NAME_KEY = 'tandem:userName';

const ADJECTIVES = ['Teal', 'Amber', 'Coral', 'Indigo', 'Jade', 'Ruby', 'Saffron', 'Slate', 'Violet', 'Olive', 'Cobalt', 'Crimson'];
const ANIMALS = ['Otter', 'Heron', 'Lynx', 'Badger', 'Falcon', 'Panda', 'Fox', 'Koala', 'Marten', 'Puffin', 'Walrus', 'Gecko'];

export function randomFriendlyName(random: () => number = Math.random): string {
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length) % list.length] as string;
  return `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
}

type NameStore = Pick<Storage, 'getItem' | 'setItem'>;

/** The saved name, or a new random one that is saved for next time. Works without storage too. */
export function loadUserName(store: NameStore | null, random?: () => number): string {
  let saved: string | null = null;
  try {
    saved = store?.getItem(USER_NAME_KEY) ?? null;
  } catch {
    // Storage can be disabled (privacy modes); a name for this visit still works.
  }
  const trimmed = saved?.trim() ?? '';
  if (trimmed !== '' && trimmed.length <= 64) return trimmed;
  const name = randomFriendlyName(random);
  try {
    store?.setItem(USER_NAME_KEY, name);
  } catch {
    // As above.
  }
  return name;
}

export function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => [...word][0]?.toUpperCase() ?? '');
  return letters.slice(0, 2).join('') || '?';
}

/** A name the person typed: trimmed, 1–64 characters (the server's rule), else null. */
export function normaliseUserName(input: string): string | null {
  const trimmed = input.trim().replace(/\s+/g, ' ');
  return trimmed !== '' && trimmed.length <= 64 ? trimmed : null;
}

/** Saves a name for the next connection and the next visit; false when it is not a valid name. */
export function saveUserName(store: NameStore | null, input: string): boolean {
  const name = normaliseUserName(input);
  if (name === null) return false;
  try {
    store?.setItem(USER_NAME_KEY, name);
  } catch {
    // Storage can be disabled: the name still applies to this visit.
  }
  return true;
}

export function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
