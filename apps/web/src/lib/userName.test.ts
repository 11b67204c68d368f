import { describe, expect, test } from 'vitest';
import { initials, loadUserName, normaliseUserName, randomFriendlyName, saveUserName, USER_NAME_KEY } from './userName.ts';

function memoryStore(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('user names', () => {
  test('a friendly random name is two capitalised words', () => {
    expect(randomFriendlyName(() => 0)).toBe('Teal Otter');
    expect(randomFriendlyName(() => 0.9999)).toBe('Crimson Gecko');
    for (let i = 0; i < 50; i++) expect(randomFriendlyName()).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  });

  test('the saved name is used; without one a new name is saved', () => {
    expect(loadUserName(memoryStore({ [USER_NAME_KEY]: '  Ann  ' }))).toBe('Ann');
    const store = memoryStore();
    const name = loadUserName(store, () => 0);
    expect(name).toBe('Teal Otter');
    expect(store.data.get(USER_NAME_KEY)).toBe('Teal Otter');
    expect(loadUserName(store)).toBe('Teal Otter');
    expect(loadUserName(memoryStore({ [USER_NAME_KEY]: ' ' }), () => 0)).toBe('Teal Otter');
  });

  test('works when storage is missing or throws', () => {
    expect(loadUserName(null, () => 0)).toBe('Teal Otter');
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadUserName(broken, () => 0)).toBe('Teal Otter');
  });

  test('initials', () => {
    expect(initials('Teal Otter')).toBe('TO');
    expect(initials('ann')).toBe('A');
    expect(initials('Ana Maria Lopez')).toBe('AM');
    expect(initials('  ')).toBe('?');
  });
});

describe('saving a name', () => {
  test('a typed name is trimmed, its spaces collapsed, and saved', () => {
    const store = memoryStore();
    expect(saveUserName(store, '  Ann   Lee ')).toBe(true);
    expect(store.data.get(USER_NAME_KEY)).toBe('Ann Lee');
    expect(loadUserName(store)).toBe('Ann Lee');
  });

  test('blank or over-long names are refused and nothing is saved', () => {
    const store = memoryStore({ [USER_NAME_KEY]: 'Ann' });
    expect(saveUserName(store, '   ')).toBe(false);
    expect(saveUserName(store, 'x'.repeat(65))).toBe(false);
    expect(store.data.get(USER_NAME_KEY)).toBe('Ann');
    expect(normaliseUserName('x'.repeat(64))).toHaveLength(64);
  });
});
