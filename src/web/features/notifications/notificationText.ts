import type { TFunction } from 'i18next';
import type { Notification } from '../../../shared/schemas/notifications';

/** The sentence a notification reads as, in the reader's language (e.g. 王芳 把 FW-20261123-0007 分派给你). */
export function notificationText(t: TFunction, n: Notification): string {
  const number = n.data.number ?? '';
  const actor = n.data.actorName ?? t('notifications.someone');
  switch (n.kind) {
    case 'case_assigned':
      return t('notifications.text.case_assigned', { actor, number });
    case 'case_reply':
      if (n.data.actorName === null) return t('notifications.text.case_reply_customer', { number });
      return t(n.data.public ? 'notifications.text.case_reply_public' : 'notifications.text.case_reply_note', { actor, number });
    case 'sla_breach':
      return t(n.data.deadline === 'resolution' ? 'notifications.text.sla_breach_resolution' : 'notifications.text.sla_breach_first_response', { number });
    case 'escalation': {
      const level = n.data.level ?? 1;
      return t('notifications.text.escalation', { number, level, role: t(`sla.escalation.levels.${level}`) });
    }
    case 'revisit_overdue':
      return t('plans.notification', { plan: n.data.title ?? '' });
    default:
      return number;
  }
}

/** Where opening a notification leads: its case, or the overdue revisit in the work list. */
export function notificationTarget(n: Notification): string | null {
  if (n.caseId) return `/cases/${n.caseId}`;
  if (n.kind === 'revisit_overdue') return `/revisits?tab=overdue&owner=all${n.data.revisitId ? `&open=${n.data.revisitId}` : ''}`;
  return null;
}
