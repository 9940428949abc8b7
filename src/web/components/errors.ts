import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import i18n from 'i18next';
import type { ErrorDetail } from '../../shared/errors';
import { ApiError } from '../api/client';
import { formatDateTime } from '../format';

/** A field problem in the user's language: the server's message may itself be a code (invalid_phone). */
export function validationText(t: TFunction, detail: ErrorDetail): string {
  for (const key of [detail.message, detail.code]) {
    if (key && i18n.exists(`errors.validation.${key}`)) return t(`errors.validation.${key}`);
  }
  return t('errors.validation.invalid');
}

/** Any error from a query or mutation as one translated sentence. */
export function errorText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unknown');
  if (error.code === 'account_locked') {
    const until = !Array.isArray(error.details) ? (error.details?.lockedUntil as string | undefined) : undefined;
    return until ? t('errors.account_locked_until', { time: formatDateTime(until) }) : t('errors.account_locked');
  }
  if (error.code === 'validation_failed' && error.fieldErrors.length > 0) {
    const problems = [...new Set(error.fieldErrors.map((d) => validationText(t, d)))];
    return `${t('errors.validation_failed')}${t('common.colon')}${problems.join(t('common.listSeparator'))}`;
  }
  if (i18n.exists(`errors.${error.code}`)) return t(`errors.${error.code}`);
  return t('errors.unknown');
}

/**
 * Shows the server's field errors on the form fields they belong to (path `roles.0.siteId` →
 * ['roles', 0, 'siteId']). Returns false when some problem has no field on this form, so the
 * caller also shows the whole message.
 */
export function applyServerErrors(form: FormInstance, t: TFunction, error: unknown): boolean {
  if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  let allPlaced = true;
  for (const detail of error.fieldErrors) {
    const name = detail.path.split('.').filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    if (name.length === 0 || !known.has(String(name[0]))) {
      allPlaced = false;
      continue;
    }
    fields.push({ name, errors: [validationText(t, detail)] });
  }
  form.setFields(fields);
  return allPlaced;
}
