import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite and pdfjs are memory-hungry; two workers match the 2-core target machine.
    maxWorkers: 2,
  },
});
