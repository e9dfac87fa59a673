import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests must never touch the user's real config or key: each suite points XDG dirs at temp folders.
    env: { PIAUDIT_KEY: 'piaudit-test-key', NO_COLOR: '1' },
  },
});
