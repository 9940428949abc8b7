import { Badge, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LiveStatus } from './useLiveUpdates';

const COLOR: Record<LiveStatus, string> = { live: 'green', connecting: 'gold', offline: 'default' };

/** A small dot in the header: whether changes by colleagues appear on their own. */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`live.hint.${status}`)}>
      <span data-testid="live-indicator" data-status={status} style={{ cursor: 'default', whiteSpace: 'nowrap' }}>
        <Badge color={COLOR[status]} status={status === 'live' ? 'processing' : undefined} text={t(`live.status.${status}`)} />
      </span>
    </Tooltip>
  );
}
