import { App, Button, Card, Form, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import i18n from 'i18next';
import { useTranslation } from 'react-i18next';
import { CASE_TYPES, type CaseType } from '../../../shared/schemas/cases';
import type { RevisitPolicy, RevisitPolicyValues } from '../../../shared/schemas/revisits';
import { useDeleteRevisitPolicy, useRevisitPolicies, useSaveRevisitPolicies } from '../../api/revisits';
import { useSiteTree } from '../../api/sites';
import { errorText } from '../../components/errors';
import { ApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';

const ORG = '__org__';
const FIELDS = ['samplePercent', 'delayHours', 'dueWithinHours', 'maxAttempts', 'retryIntervalHours', 'closeAfterHours'] as const;
const LIMITS: Record<(typeof FIELDS)[number], [number, number]> = {
  samplePercent: [0, 100],
  delayHours: [0, 720],
  dueWithinHours: [1, 720],
  maxAttempts: [1, 10],
  retryIntervalHours: [0, 168],
  closeAfterHours: [1, 2160],
};

interface Row extends RevisitPolicyValues {
  caseType: CaseType;
  source: 'own' | 'inherited' | 'default';
  policy?: RevisitPolicy;
  fromSite?: string | null;
}

/**
 * Revisit policies per case type, for the organisation or one site (overriding the organisation's
 * for that site and the sites below it): which share of resolved cases is called back, how soon,
 * how many tries, and when a resolved case closes by itself.
 */
export function RevisitPoliciesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const policies = useRevisitPolicies();
  const sites = useSiteTree();
  const save = useSaveRevisitPolicies();
  const remove = useDeleteRevisitPolicy();
  const [scope, setScope] = useState<string>(ORG);
  const [editing, setEditing] = useState<Row | null>(null);
  const [form] = Form.useForm<RevisitPolicyValues>();
  const siteId = scope === ORG ? null : scope;

  const { rows, siteName } = useMemo(() => {
    const parents = new Map((sites.data ?? []).map((s) => [s.id, s.parentId]));
    const names = new Map((sites.data ?? []).map((s) => [s.id, s.name]));
    const chain: string[] = [];
    for (let id = siteId; id && !chain.includes(id); id = parents.get(id) ?? null) chain.push(id);
    const items = policies.data?.items ?? [];
    const rows: Row[] = (policies.data?.defaults ?? []).map((d) => {
      for (const site of [...chain, null]) {
        const p = items.find((i) => i.caseType === d.caseType && i.siteId === site);
        if (p) return { ...p, caseType: d.caseType, source: site === siteId ? 'own' : 'inherited', policy: site === siteId ? p : undefined, fromSite: site };
      }
      return { ...d, source: 'default' };
    });
    return { rows, siteName: (id: string | null | undefined) => (id ? (names.get(id) ?? '') : t('revisits.policies.scopeOrg')) };
  }, [policies.data, sites.data, siteId, t]);

  const open = (row: Row) => {
    setEditing(row);
    form.setFieldsValue(Object.fromEntries(FIELDS.map((f) => [f, row[f]])) as unknown as RevisitPolicyValues);
  };
  const submit = (values: RevisitPolicyValues) => {
    if (!editing) return;
    save.mutate(
      { siteId, policies: [{ caseType: editing.caseType, ...values, version: editing.policy?.version }] },
      {
        onSuccess: () => {
          setEditing(null);
          void message.success(t('revisits.policies.saved'));
        },
        onError: (error) => {
          // Field errors come back as policies.0.<field>: show them on the field.
          const fields = error instanceof ApiError ? error.fieldErrors.filter((d) => d.path.startsWith('policies.0.')) : [];
          if (fields.length === 0) return void message.error(errorText(t, error));
          form.setFields(
            fields.map((d) => ({
              name: d.path.split('.').pop() as keyof RevisitPolicyValues,
              errors: [i18n.exists(`revisits.validation.${d.message}`) ? t(`revisits.validation.${d.message}`) : t('revisits.validation.invalid')],
            })),
          );
        },
      },
    );
  };

  const columns: ColumnsType<Row> = [
    { title: t('revisits.policies.caseType'), dataIndex: 'caseType', render: (v: CaseType) => <Typography.Text strong>{t(`cases.types.${v}`)}</Typography.Text> },
    ...FIELDS.map((f) => ({ title: t(`revisits.policies.fields.${f}`), dataIndex: f, align: 'right' as const, render: (v: number) => t(`revisits.policies.units.${f}`, { value: v }) })),
    {
      title: t('revisits.policies.source'),
      key: 'source',
      render: (_: unknown, r: Row) =>
        r.source === 'own' ? <Tag color="blue">{t('revisits.policies.own')}</Tag> : r.source === 'inherited' ? <Tag>{t('revisits.policies.inherited', { name: siteName(r.fromSite) })}</Tag> : <Tag>{t('revisits.policies.default')}</Tag>,
    },
    {
      title: '',
      key: 'actions',
      render: (_: unknown, r: Row) => (
        <Space>
          <Button size="small" onClick={() => open(r)} data-testid={`revisit-policy-edit-${r.caseType}`}>
            {t('revisits.policies.edit')}
          </Button>
          {r.policy ? (
            <Popconfirm title={t('revisits.policies.resetConfirm')} onConfirm={() => remove.mutate(r.policy!.id, { onError: (e) => void message.error(errorText(t, e)) })}>
              <Button size="small" type="link" danger>
                {t('revisits.policies.reset')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('revisits.policies.title')} />
      <Typography.Paragraph type="secondary">{t('revisits.policies.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>{t('revisits.policies.scope')}</Typography.Text>
        <SiteTreeSelect style={{ width: 260 }} value={scope} onChange={(v) => setScope(v ?? ORG)} allowClear={false} extraOption={{ value: ORG, title: t('revisits.policies.scopeOrg') }} />
      </Space>
      {policies.error ? <QueryError error={policies.error} onRetry={() => void policies.refetch()} /> : null}
      <Card size="small">
        <Table<Row> rowKey="caseType" size="middle" loading={policies.isLoading} columns={columns} dataSource={rows.filter((r) => CASE_TYPES.includes(r.caseType))} pagination={false} scroll={{ x: 980 }} />
      </Card>
      <Modal
        open={editing !== null}
        title={editing ? t('revisits.policies.editTitle', { type: t(`cases.types.${editing.caseType}`), scope: siteName(siteId) }) : ''}
        okText={t('revisits.policies.save')}
        okButtonProps={{ loading: save.isPending }}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form<RevisitPolicyValues> form={form} layout="vertical" onFinish={submit}>
          {FIELDS.map((f) => (
            <Form.Item key={f} name={f} label={t(`revisits.policies.fields.${f}`)} extra={t(`revisits.policies.help.${f}`)} rules={[{ required: true, message: t('revisits.validation.required') }]}>
              <InputNumber min={LIMITS[f][0]} max={LIMITS[f][1]} precision={0} style={{ width: 160 }} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}
