/**
 * Hocuspocus 4 with its defaults (in memory, no extensions), quiet.
 */
import { Server } from '@hocuspocus/server';
import { port } from './serve.ts';

const server = new Server({ port: port(), address: '127.0.0.1', quiet: true, stopOnSignals: true });
await server.listen();
