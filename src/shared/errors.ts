/**
 * Every error the API can answer with. The server sends the code; the browser translates it
 * (`errors.<code>` in the locale files), so the English message is only a fallback for API users.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_locked: 423,
  account_disabled: 403,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  duplicate: 409,
  stale_version: 409,
  /** The lifecycle does not allow this action from the case's current status. */
  illegal_transition: 409,
  /** The portal case is closed, cancelled or merged: the customer should submit a new request. */
  case_closed: 409,
  /** Approving or rejecting one's own compensation request. */
  self_approval: 403,
  /** The compensation is above the caller's limit: they may not approve or reject it. */
  over_limit: 403,
  payload_too_large: 413,
  /** An attachment larger than ATTACHMENT_MAX_BYTES. */
  file_too_large: 413,
  /** An attachment that is not a JPEG, PNG, WebP, GIF or PDF by its content. */
  unsupported_file_type: 400,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  /** Field path such as `roles.0.siteId`; empty for whole-request problems. */
  path: string;
  message: string;
  code?: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] | Record<string, unknown> };
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    'error' in value &&
    typeof (value as ErrorBody).error?.code === 'string'
  );
}
