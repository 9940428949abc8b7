import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Time-ordered UUIDv7: sortable like an auto-increment, safe to generate on any instance. */
export const newId = (): string => uuidv7();

/** Current instant as an ISO-8601 UTC string, the one timestamp format stored. */
export const nowIso = (): string => new Date().toISOString();

/** A random secret for cookies and API tokens (base64url, 256 bits by default). */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Secrets are stored as their SHA-256: a leaked table does not leak working credentials. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
