import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder of real public data that sits beside the project (../shared/data from the project root).
 * Tests read it in place; it is never copied into the project.
 */
export const SHARED_DATA_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'data');

/**
 * Absolute path of a file or folder inside ../shared/data. Throws a message naming the missing path, so a
 * test that needs the data fails loudly instead of passing on nothing.
 */
export function sharedData(...parts: string[]): string {
  const p = path.join(SHARED_DATA_DIR, ...parts);
  if (!existsSync(p)) {
    throw new Error(`Test data missing: ${p}. These tests read ../shared/data beside the project root.`);
  }
  return p;
}
