import { storageContract } from './contract.ts';
import { MemoryStorage } from './memory.ts';

storageContract('MemoryStorage', {
  open: async (options) => new MemoryStorage(options),
  corruptSnapshot: async (storage, pageId, version, text) => (storage as MemoryStorage).corruptSnapshot(pageId, version, text),
});
