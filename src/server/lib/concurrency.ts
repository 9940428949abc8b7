import { AppError } from '../../shared/errors.js';

/** Refuses an update that was based on an older version of the record than the one stored. */
export function assertVersion(stored: number, expected: number | undefined, what: string): void {
  if (expected !== undefined && expected !== stored) {
    throw new AppError('stale_version', `${what} was changed by someone else; reload and try again`, {
      expected,
      current: stored,
    });
  }
}

/** Only the fields whose values differ, for audit before/after. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
