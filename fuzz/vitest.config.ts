import { defineConfig } from 'vitest/config';

// One file at a time: the cluster run's three server processes would otherwise take
// the cores from the 250-seed simulation beside it (and its two-minute budget).
export default defineConfig({ test: { fileParallelism: false } });
