import type { TFunction } from 'i18next';

export { AUDIT_ACTIONS, AUDIT_ENTITIES } from '../../../shared/audit';

/** Known actions and entities are translated; a new one from a newer server still shows, as is. */
export function actionLabel(t: TFunction, action: string): string {
  return t(`audit.actions.${action}`, { defaultValue: action });
}

export function entityLabel(t: TFunction, entity: string): string {
  return t(`audit.entities.${entity}`, { defaultValue: entity });
}
