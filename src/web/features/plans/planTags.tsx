import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Cadence } from '../../../shared/revisits/cadence';
import type { ContactChannel } from '../../../shared/schemas/plans';

const CHANNEL_COLOR: Record<ContactChannel, string> = { phone: 'blue', visit: 'green', wechat: 'cyan', sms: 'default', email: 'default', meeting: 'purple' };

export function ChannelTag({ channel }: { channel: ContactChannel }) {
  const { t } = useTranslation();
  return <Tag color={CHANNEL_COLOR[channel]}>{t(`plans.channels.${channel}`)}</Tag>;
}

export function CadenceTag({ cadence }: { cadence: Cadence }) {
  const { t } = useTranslation();
  return <Tag>{t(`plans.cadences.${cadence}`)}</Tag>;
}
