import type { TFunction } from 'i18next';

export const AUDIT_ENTITIES = ['user', 'site', 'customer', 'api_token', 'organization'] as const;
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'export', 'login', 'logout', 'login_failed', 'account_locked', 'password_changed', 'revoke', 'seed'] as const;

/** Known actions and entities are translated; a new one from a newer server still shows, as is. */
export function actionLabel(t: TFunction, action: string): string {
  return t(`audit.actions.${action}`, { defaultValue: action });
}

export function entityLabel(t: TFunction, entity: string): string {
  return t(`audit.entities.${entity}`, { defaultValue: entity });
}
