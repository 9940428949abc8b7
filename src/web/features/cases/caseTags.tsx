import { PauseCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../../shared/cases/state-machine';
import type { CasePriority, CaseType } from '../../../shared/schemas/cases';
import { formatDateTime } from '../../format';

dayjs.extend(relativeTime);

const STATUS_COLOR: Record<CaseStatus, string> = {
  new: 'blue',
  assigned: 'cyan',
  in_progress: 'geekblue',
  waiting_customer: 'orange',
  resolved: 'green',
  closed: 'default',
  cancelled: 'default',
  merged: 'purple',
};
const PRIORITY_COLOR: Record<CasePriority, string> = { low: 'default', normal: 'default', high: 'orange', urgent: 'red' };
const TYPE_COLOR: Record<CaseType, string> = {
  message: 'default',
  inquiry: 'geekblue',
  suggestion: 'cyan',
  praise: 'green',
  repair: 'gold',
  complaint: 'volcano',
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="case-status">
      {t(`cases.statuses.${status}`)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: CasePriority }) {
  const { t } = useTranslation();
  return <Tag color={PRIORITY_COLOR[priority]}>{t(`cases.priorities.${priority}`)}</Tag>;
}

export function CaseTypeTag({ type }: { type: CaseType }) {
  const { t } = useTranslation();
  return <Tag color={TYPE_COLOR[type]}>{t(`cases.types.${type}`)}</Tag>;
}

/** The current time, refreshed every half minute so that due clocks move without a reload. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

interface ClockProps {
  /** When the target falls due. */
  due: string | null;
  /** When the target was met (first reply, resolution); the clock stops there. */
  doneAt: string | null;
  status: CaseStatus;
  /** The resolution clock stops while the case waits for the customer. */
  pausable?: boolean;
  now: number;
}

/** A deadline as a person reads it: time left, time over (red), paused, or met / met late. */
export function DueClock({ due, doneAt, status, pausable = false, now }: ClockProps) {
  const { t } = useTranslation();
  if (status === 'cancelled' || status === 'merged' || !due) return <Typography.Text type="secondary">-</Typography.Text>;
  const exact = t('cases.clock.dueAt', { time: formatDateTime(due) });
  if (doneAt) {
    const late = dayjs(doneAt).isAfter(due);
    return (
      <Tooltip title={exact}>
        <Typography.Text type={late ? 'danger' : 'success'} data-testid="due-clock">
          {t(late ? 'cases.clock.metLate' : 'cases.clock.met')}
        </Typography.Text>
      </Tooltip>
    );
  }
  if (pausable && status === 'waiting_customer') {
    return (
      <Tooltip title={t('cases.clock.pausedHint')}>
        <Tag icon={<PauseCircleOutlined />} data-testid="due-clock">
          {t('cases.clock.paused')}
        </Tag>
      </Tooltip>
    );
  }
  const overdue = dayjs(due).valueOf() < now;
  const span = dayjs(due).from(now, true);
  return (
    <Tooltip title={exact}>
      <Typography.Text type={overdue ? 'danger' : undefined} strong={overdue} data-testid="due-clock">
        {overdue ? t('cases.clock.overdueBy', { time: span }) : t('cases.clock.dueIn', { time: span })}
      </Typography.Text>
    </Tooltip>
  );
}

/** A case raised up the escalation chain (1 supervisor … 4 general manager); nothing while on time. */
export function EscalationTag({ level }: { level: number }) {
  const { t } = useTranslation();
  if (level <= 0) return null;
  return (
    <Tooltip title={t('sla.escalation.hint')}>
      <Tag color={level >= 3 ? 'red' : 'volcano'} data-testid="escalation-tag">
        {t('sla.escalation.tag', { level, role: t(`sla.escalation.levels.${level}`) })}
      </Tag>
    </Tooltip>
  );
}
