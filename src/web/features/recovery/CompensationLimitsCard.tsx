import { App, Button, Card, Checkbox, InputNumber, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompensationLimit } from '../../../shared/schemas/recovery';
import { useCompensationLimits, useSaveCompensationLimits } from '../../api/recovery';
import { errorText } from '../../components/errors';
import { QueryError } from '../../components/QueryError';
import { yuanToFen } from './money';

type Draft = Record<string, { yuan: number | null; unlimited: boolean }>;

const toDraft = (items: CompensationLimit[]): Draft =>
  Object.fromEntries(items.map((l) => [l.role, { yuan: l.limitFen === null ? null : l.limitFen / 100, unlimited: l.limitFen === null }]));

/** The organisation's empowerment limits per role, edited in place (organisation settings). */
export function CompensationLimitsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const limits = useCompensationLimits();
  const save = useSaveCompensationLimits();
  const [draft, setDraft] = useState<Draft>({});
  useEffect(() => {
    if (limits.data) setDraft(toDraft(limits.data));
  }, [limits.data]);

  const set = (role: string, value: Partial<Draft[string]>) => setDraft((d) => ({ ...d, [role]: { ...d[role], ...value } }));
  const submit = async () => {
    try {
      await save.mutateAsync(
        Object.entries(draft).map(([role, v]) => ({ role, limitFen: v.unlimited ? null : yuanToFen(v.yuan ?? 0) })),
      );
      message.success(t('recovery.limits.saved'));
    } catch (error) {
      message.error(errorText(t, error));
    }
  };

  return (
    <Card title={t('recovery.limits.title')} style={{ maxWidth: 720, marginTop: 16 }} data-testid="compensation-limits">
      <Typography.Paragraph type="secondary">{t('recovery.limits.hint')}</Typography.Paragraph>
      <QueryError error={limits.error} onRetry={() => void limits.refetch()} />
      {limits.data ? (
        <>
          <Table<CompensationLimit>
            size="small"
            rowKey="role"
            pagination={false}
            dataSource={limits.data}
            columns={[
              {
                title: t('recovery.limits.role'),
                dataIndex: 'role',
                render: (role: CompensationLimit['role'], l) => (
                  <Space size={4}>
                    <span>{t(`roles.${role}`)}</span>
                    {l.isDefault ? <Tag>{t('recovery.limits.default')}</Tag> : null}
                  </Space>
                ),
              },
              {
                title: t('recovery.limits.limit'),
                key: 'limit',
                render: (_: unknown, l) => {
                  const v = draft[l.role];
                  if (!v) return null;
                  return (
                    <Space size={12}>
                      <InputNumber
                        min={0}
                        max={1_000_000}
                        precision={2}
                        step={100}
                        prefix="¥"
                        value={v.unlimited ? null : v.yuan}
                        disabled={v.unlimited}
                        onChange={(yuan) => set(l.role, { yuan: yuan ?? 0 })}
                        style={{ width: 160 }}
                        data-testid={`limit-${l.role}`}
                      />
                      <Checkbox checked={v.unlimited} onChange={(e) => set(l.role, { unlimited: e.target.checked, yuan: e.target.checked ? null : 0 })}>
                        {t('recovery.limits.noLimit')}
                      </Checkbox>
                    </Space>
                  );
                },
              },
            ]}
          />
          <Button type="primary" onClick={submit} loading={save.isPending} style={{ marginTop: 16 }} data-testid="limits-save">
            {t('common.save')}
          </Button>
        </>
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}
