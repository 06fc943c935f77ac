/** Vitest configuration: the specs under test/, with room for the kernel corpus and large inputs. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/**/*.spec.ts'], testTimeout: 120000 },
});
