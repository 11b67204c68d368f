import { expect, test } from 'vitest';
import { frameText, resolveBaseUrl, socketUrl, ticketUrl } from './socket.ts';

test('the base URL is the given one without trailing slashes, or the page origin', () => {
  expect(resolveBaseUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
  expect(resolveBaseUrl('', { protocol: 'https:', host: 'tandem.example:8443' })).toBe('https://tandem.example:8443');
  expect(() => resolveBaseUrl('', undefined)).toThrow(/baseUrl/);
});

test('ticket and socket URLs', () => {
  expect(ticketUrl('http://h:1')).toBe('http://h:1/api/tickets');
  expect(socketUrl('http://h:1', 'page-1', 'a/b+c')).toBe('ws://h:1/ws/page-1?ticket=a%2Fb%2Bc');
  expect(socketUrl('HTTPS://h', 'p', 't')).toBe('wss://h/ws/p?ticket=t');
  expect(socketUrl('https://h/base', 'p', 't')).toBe('wss://h/base/ws/p?ticket=t');
  // SPEC M8: a client that takes batch frames says so.
  expect(socketUrl('http://h:1', 'p', 't', 4, true)).toBe('ws://h:1/ws/p?ticket=t&since=4&batch=1');
});

test('frame text from strings and bytes', () => {
  expect(frameText('{"a":1}')).toBe('{"a":1}');
  expect(frameText(Buffer.from('héllo'))).toBe('héllo');
  expect(frameText(new TextEncoder().encode('x').buffer)).toBe('x');
  expect(frameText(42)).toBeNull();
});
