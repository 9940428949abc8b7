import { Alert, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ESCALATION_CHAIN } from '../../../shared/schemas/sla';
import { PageHeader } from '../../components/PageHeader';
import { CalendarEditor } from './CalendarEditor';
import { PolicyMatrix } from './PolicyMatrix';

/** Service standards: deadline targets per case type and priority (per site if need be) and the business calendar. */
export function ServiceLevelsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('sla.title')} />
      {/* Deadlines are fixed when a case is created, so edits here never move a promise already made. */}
      <Alert type="warning" showIcon title={t('sla.newCasesOnly')} description={t('sla.intro')} style={{ marginBottom: 16 }} />
      <Card size="small" title={t('sla.targets')} style={{ marginBottom: 16 }}>
        <PolicyMatrix />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          {t('sla.escalation.explain', { chain: ESCALATION_CHAIN.map((_, i) => t(`sla.escalation.levels.${i + 1}`)).join(' → ') })}
        </Typography.Paragraph>
      </Card>
      <Typography.Title level={5} style={{ margin: '8px 0 12px' }}>
        {t('calendar.title')}
      </Typography.Title>
      <CalendarEditor />
    </>
  );
}
