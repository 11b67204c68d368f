import { describe, expect, it } from 'vitest';
import { escapeToken, formatPointer, isDangerousKey, isPrefixOf, parseArrayIndex, parsePointer, unescapeToken } from './pointer.ts';

describe('parsePointer', () => {
  it('[P2] parses "" as the whole document (no tokens)', () => {
    expect(parsePointer('')).toEqual([]);
  });

  it('[P2] parses "/" as the single empty-string key', () => {
    expect(parsePointer('/')).toEqual(['']);
  });

  it('[P2] splits a pointer into its tokens', () => {
    expect(parsePointer('/components/hero/children/0')).toEqual(['components', 'hero', 'children', '0']);
  });

  it('[P2] keeps empty tokens between consecutive slashes and at the end', () => {
    expect(parsePointer('//a//')).toEqual(['', 'a', '', '']);
  });

  it('[P2] unescapes ~1 to "/" and ~0 to "~"', () => {
    expect(parsePointer('/a~1b/m~0n')).toEqual(['a/b', 'm~n']);
  });

  it('[P2] unescapes "~01" to "~1", never to "/"', () => {
    expect(parsePointer('/~01')).toEqual(['~1']);
  });

  it('[P2] unescapes "~10" to "/0"', () => {
    expect(parsePointer('/~10')).toEqual(['/0']);
  });

  it('[P2] parses every RFC 6901 §5 example pointer', () => {
    expect(parsePointer('/foo')).toEqual(['foo']);
    expect(parsePointer('/foo/0')).toEqual(['foo', '0']);
    expect(parsePointer('/a~1b')).toEqual(['a/b']);
    expect(parsePointer('/c%d')).toEqual(['c%d']);
    expect(parsePointer('/e^f')).toEqual(['e^f']);
    expect(parsePointer('/g|h')).toEqual(['g|h']);
    expect(parsePointer('/i\\j')).toEqual(['i\\j']);
    expect(parsePointer('/k"l')).toEqual(['k"l']);
    expect(parsePointer('/ ')).toEqual([' ']);
    expect(parsePointer('/m~0n')).toEqual(['m~n']);
  });

  it.each(['a', 'a/b', ' /a', '#/a'])('[P2] rejects %j, which does not start with "/"', (pointer) => {
    expect(parsePointer(pointer)).toBeNull();
  });

  it.each(['/~', '/a~', '/~2', '/a~b', '/ok/~x', '/~~0'])('[P2] rejects %j, whose "~" is not followed by 0 or 1', (pointer) => {
    expect(parsePointer(pointer)).toBeNull();
  });
});

describe('formatPointer', () => {
  it('[P2] formats no tokens as ""', () => {
    expect(formatPointer([])).toBe('');
  });

  it('[P2] joins tokens with "/" and writes numbers as decimal', () => {
    expect(formatPointer(['components', 'hero', 'children', 3])).toBe('/components/hero/children/3');
  });

  it('[P2] escapes "~" as ~0 and "/" as ~1', () => {
    expect(formatPointer(['a/b', 'm~n', '~1', '/0'])).toBe('/a~1b/m~0n/~01/~10');
  });

  it('[P2] formats the empty key as a trailing "/"', () => {
    expect(formatPointer([''])).toBe('/');
  });

  it('[P2] round-trips awkward keys through parsePointer', () => {
    const tokens = ['', '~', '/', '~0', '~1', '/~', '~/', 'a~01b', '-', '0', ' ', 'é/ü~'];
    expect(parsePointer(formatPointer(tokens))).toEqual(tokens);
  });
});

describe('escapeToken / unescapeToken', () => {
  it('[P2] escape "~" before "/" so that "/" does not become "~01"', () => {
    expect(escapeToken('/')).toBe('~1');
    expect(escapeToken('~')).toBe('~0');
    expect(escapeToken('~1')).toBe('~01');
  });

  it('[P2] unescape ~1 before ~0 so that "~01" becomes "~1"', () => {
    expect(unescapeToken('~01')).toBe('~1');
    expect(unescapeToken('~0~1')).toBe('~/');
  });

  it('[P2] are inverse for any string', () => {
    for (const s of ['', 'plain', '~', '/', '~~//', '~0~1', '~10~01', '/~0/']) expect(unescapeToken(escapeToken(s))).toBe(s);
  });
});

describe('parseArrayIndex', () => {
  it.each([
    ['0', 0],
    ['1', 1],
    ['10', 10],
    ['12345', 12345],
  ])('[P3] parses %j as %d', (token, index) => {
    expect(parseArrayIndex(token)).toBe(index);
  });

  it.each(['', '-', '01', '00', '-1', '+1', '1.0', '1e3', ' 1', '1 ', '0x1', 'a', 'Infinity'])(
    '[P3] rejects %j, which is not a canonical non-negative integer',
    (token) => {
      expect(parseArrayIndex(token)).toBeNull();
    },
  );
});

describe('isPrefixOf', () => {
  it('[P4] is true for the path itself and its ancestors, including the root', () => {
    expect(isPrefixOf([], ['a', 'b'])).toBe(true);
    expect(isPrefixOf(['a'], ['a', 'b'])).toBe(true);
    expect(isPrefixOf(['a', 'b'], ['a', 'b'])).toBe(true);
  });

  it('[P4] is false for siblings, descendants and keys that merely share a string prefix', () => {
    expect(isPrefixOf(['a', 'c'], ['a', 'b'])).toBe(false);
    expect(isPrefixOf(['a', 'b', 'c'], ['a', 'b'])).toBe(false);
    expect(isPrefixOf(['a'], ['ab'])).toBe(false);
  });
});

describe('isDangerousKey', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('[P8] flags %j', (key) => {
    expect(isDangerousKey(key)).toBe(true);
  });

  it.each(['proto', '__proto', 'Constructor', 'prototypes', ''])('[P8] does not flag %j', (key) => {
    expect(isDangerousKey(key)).toBe(false);
  });
});
