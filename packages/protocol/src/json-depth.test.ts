import { describe, expect, it } from 'vitest';
import { jsonTextDepth, jsonValueDepth, withinDepth, withinTextDepth } from './json-depth.ts';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);
const deepValue = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('bounded depth', () => {
  it('[L1] measures the depth of JSON text in one pass, skipping strings and escapes', () => {
    expect(jsonTextDepth('1')).toBe(0);
    expect(jsonTextDepth('[]')).toBe(1);
    expect(jsonTextDepth('{"a":[{"b":1}]}')).toBe(3);
    expect(jsonTextDepth('["[[[[", "\\"[[[["]')).toBe(1);
    expect(jsonTextDepth(nested(64))).toBe(64);
  });

  it('[L1] stops early past the limit, at 1,500, 10,000 and 1,000,000 levels of arrays and objects', () => {
    for (const depth of [1_500, 10_000, 1_000_000]) {
      expect(jsonTextDepth(nested(depth), 64)).toBe(65);
      expect(jsonTextDepth(nested(depth, '{"a":', '}'), 64)).toBe(65);
    }
  });

  it('[L1] measures a parsed value without recursion, even 100,000 levels deep', () => {
    expect(jsonValueDepth(null)).toBe(0);
    expect(jsonValueDepth({ a: [1, { b: [] }] })).toBe(4);
    expect(withinDepth(deepValue(64), 64)).toBe(true);
    expect(withinDepth(deepValue(65), 64)).toBe(false);
    expect(jsonValueDepth(deepValue(100_000), 64)).toBe(65);
  });
});

describe("withinTextDepth (L1, the server's check of every frame)", () => {
  it('[L1] agrees with jsonTextDepth, with few brackets, many shallow ones, or deep nesting', () => {
    const cases = [
      '1',
      '{"type":"op-patch","payload":{"patches":[{"op":"replace","path":"/a","value":"x"}]}}',
      `[${'[],'.repeat(500)}1]`,
      '['.repeat(129) + ']'.repeat(129),
      '['.repeat(128) + ']'.repeat(128),
      `"${'['.repeat(500)}"`,
      `{"a":"${'{'.repeat(300)}","b":${'['.repeat(200)}${']'.repeat(200)}}`,
    ];
    for (const text of cases) {
      for (const limit of [0, 2, 128])
        expect(withinTextDepth(text, limit), `${text.slice(0, 20)} @${limit}`).toBe(jsonTextDepth(text, limit) <= limit);
    }
    expect(withinTextDepth('['.repeat(129) + ']'.repeat(129), 128)).toBe(false);
  });
});
