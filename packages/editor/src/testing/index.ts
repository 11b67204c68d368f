// Helpers for tests that drive the store without a server (also used by apps/web's tests).
export { FakeClient } from './fake-client.ts';
export { counterIds, sampleDocument, seeded } from './fixtures.ts';
export { harness } from './store-harness.ts';
