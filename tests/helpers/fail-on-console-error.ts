import { afterEach, vi } from 'vitest';

// An unexpected console.error is a bug somewhere: fail the test that caused it.
// A test that expects one says so with `expectConsoleError()`.
let allowed = 0;
const seen: string[] = [];
const original = console.error;

console.error = (...args: unknown[]) => {
  if (allowed > 0) {
    allowed--;
    return;
  }
  seen.push(args.map(String).join(' '));
  original(...args);
};

export function expectConsoleError(times = 1) {
  allowed += times;
}

afterEach(() => {
  allowed = 0;
  if (seen.length) {
    const messages = seen.splice(0);
    vi.resetAllMocks();
    throw new Error(`Unexpected console.error:\n${messages.join('\n')}`);
  }
});
