import { readFileSync } from 'node:fs';

/** What a command may touch of the outside world; tests pass fakes. */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readFile(p: string): string;
}

export const processIo: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  readFile: (p) => readFileSync(p, 'utf8'),
};

/** Thrown for bad command lines; main prints the message and exits with code 2. */
export class UsageError extends Error {}
