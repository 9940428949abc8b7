import { Button, Card, Empty, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../shared/schemas/cases';
import { useRevisits } from '../../api/revisits';
import { formatDateTime } from '../../format';
import { RevisitDrawer, RevisitStatusTag } from './RevisitDrawer';

/** The case's revisits (callbacks after each resolution), newest first, each opening the revisit drawer. */
export function CaseRevisitsPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const revisits = useRevisits({ caseId: detail.id, pageSize: 20 });
  const [open, setOpen] = useState<string>();
  const items = [...(revisits.data?.items ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Card size="small" title={t('revisits.panel.title')} style={{ marginBottom: 16 }} data-testid="case-revisits">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(detail.status === 'resolved' || detail.status === 'closed' ? 'revisits.panel.noneSampled' : 'revisits.panel.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(r) => (
            <List.Item actions={[<Button key="open" type="link" size="small" onClick={() => setOpen(r.id)}>{t('revisits.panel.open')}</Button>]}>
              <Space direction="vertical" size={0}>
                <Space size={6}>
                  <RevisitStatusTag revisit={r} />
                  <Typography.Text type="secondary">{r.ownerName ?? t('revisits.unassigned')}</Typography.Text>
                </Space>
                <Typography.Text type="secondary">
                  {r.status === 'due' ? t('revisits.deadline', { at: formatDateTime(r.deadlineAt) }) : r.completedAt ? formatDateTime(r.completedAt) : t(`revisits.status.${r.status}`)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <RevisitDrawer id={open} onClose={() => setOpen(undefined)} />
    </Card>
  );
}
