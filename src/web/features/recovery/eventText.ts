import type { TFunction } from 'i18next';
import type { CaseEvent } from '../../../shared/schemas/cases';
import { formatFen } from './money';

/** "升级为 潜在投诉（重复来电、逾期未处理）" from a `stage` event. */
export function stageEventText(t: TFunction, event: CaseEvent): string {
  const to = String(event.data?.to ?? 'none');
  const signals = Array.isArray(event.data?.signals) ? (event.data.signals as string[]) : [];
  return t('ladder.eventRaised', { stage: t(`ladder.stages.${to}`), signals: signals.map((s) => t(`ladder.signals.${s}`)).join(t('common.listSeparator')) });
}

/** "记录服务补救 · ¥500.00，待审批" from a `recovery` event. */
export function recoveryEventText(t: TFunction, event: CaseEvent): string {
  const action = String(event.data?.action ?? 'record');
  const head = t(`recovery.events.${action}`, { defaultValue: action });
  const amount = Number(event.data?.amountFen ?? 0);
  if (action !== 'record' && action !== 'update') return amount ? `${head} · ${formatFen(amount)}` : head;
  if (!amount) return head;
  return `${head} · ${t(event.data?.status === 'pending_approval' ? 'recovery.events.pending' : 'recovery.events.granted', { amount: formatFen(amount) })}`;
}
