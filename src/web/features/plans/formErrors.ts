import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import i18n from 'i18next';
import { ApiError } from '../../api/client';
import { applyServerErrors, errorText } from '../../components/errors';

/**
 * Field problems special to plans and records (an owner who cannot make revisits there, a customer
 * and a tier at once) in the plans/records wording; the rest as every form shows them. Returns
 * the sentence to show when some problem has no field on the form, else null.
 */
export function showFormErrors(form: FormInstance, t: TFunction, error: unknown): string | null {
  if (error instanceof ApiError && error.fieldErrors.some((d) => i18n.exists(`plans.fieldErrors.${d.message}`))) {
    const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
    const own = error.fieldErrors.filter((d) => i18n.exists(`plans.fieldErrors.${d.message}`));
    form.setFields(own.filter((d) => known.has(d.path.split('.')[0])).map((d) => ({ name: d.path.split('.'), errors: [t(`plans.fieldErrors.${d.message}`)] })));
    const unplaced = own.filter((d) => !known.has(d.path.split('.')[0]));
    return unplaced.length ? unplaced.map((d) => t(`plans.fieldErrors.${d.message}`)).join(t('common.listSeparator')) : null;
  }
  return applyServerErrors(form, t, error) ? null : errorText(t, error);
}
