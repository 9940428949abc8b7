import { AlertOutlined } from '@ant-design/icons';
import { Avatar, Card, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePlanRevisitSummary } from '../../api/plans';

/** The workbench card: VIP plan revisits overdue on the caller's sites, linking to the revisit work list. */
export function OverdueRevisitsCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const summary = usePlanRevisitSummary();
  const overdue = summary.data?.overdue ?? 0;
  return (
    <Card hoverable size="small" onClick={() => navigate('/revisits?tab=overdue&owner=all')} data-testid="figure-overdue-revisits">
      <Space size={12} align="center">
        <Avatar size={40} icon={<AlertOutlined />} style={{ backgroundColor: overdue ? '#cf1322' : '#8c8c8c', flex: 'none' }} />
        <div>
          <Statistic title={t('plans.overdueCard')} value={summary.data ? overdue : '-'} loading={summary.isLoading} styles={overdue ? { content: { color: '#cf1322' } } : undefined} />
          {summary.data ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('plans.dueTodayCount', { count: summary.data.dueToday })}
            </Typography.Text>
          ) : null}
        </div>
      </Space>
    </Card>
  );
}
