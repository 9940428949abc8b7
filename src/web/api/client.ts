import { isErrorBody, type ErrorCode, type ErrorDetail } from '../../shared/errors';

/** A failed API call: the server's error code (or `network` when the server was not reached). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field problems of a validation error; empty for every other error. */
  get fieldErrors(): ErrorDetail[] {
    return Array.isArray(this.details) ? this.details : [];
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

const API_BASE = '/api/v1';
const CSRF_COOKIE = 'fuwu_csrf';

let csrfFromMe: string | null = null;
/** Remembers the CSRF token that `GET /me` returned; the cookie is preferred since it follows re-logins. */
export function setCsrfToken(token: string | null): void {
  csrfFromMe = token;
}

function readCookie(name: string): string | null {
  const prefix = `${name}=`;
  for (const part of document.cookie.split(';')) {
    const trimmed = part.trim();
    if (trimmed.startsWith(prefix)) return decodeURIComponent(trimmed.slice(prefix.length));
  }
  return null;
}

/** `/customers` + {q: '张', page: 2} → `/customers?q=%E5%BC%A0&page=2`; empty values are left out. */
export function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function send(method: string, path: string, body?: unknown, query?: Query, extraHeaders?: Record<string, string>): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  // A FormData body (files) carries its own multipart content type and boundary.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = readCookie(CSRF_COOKIE) ?? csrfFromMe;
    if (token) headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(API_BASE + withQuery(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached');
  }
  if (!response.ok) {
    const data: unknown = await response.json().catch(() => null);
    if (isErrorBody(data)) throw new ApiError(response.status, data.error.code, data.error.message, data.error.details);
    throw new ApiError(response.status, response.status >= 500 ? 'internal' : 'bad_request', response.statusText);
  }
  return response;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query, headers?: Record<string, string>): Promise<T> {
  const response = await send(method, path, body, query, headers);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, headers?: Record<string, string>) => request<T>('GET', path, undefined, query, headers),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, body, undefined, headers),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: (path: string) => request<void>('DELETE', path),
};

/** Fetches a file and hands it to the browser as a download, keeping the server's file name. */
export async function downloadFile(path: string, query: Query, fallbackName: string): Promise<void> {
  const response = await send('GET', path, undefined, query);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : (plain ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
