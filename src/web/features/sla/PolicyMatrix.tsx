import { App, Button, Form, InputNumber, Modal, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_PRIORITIES, CASE_TYPES, type CasePriority, type CaseType } from '../../../shared/schemas/cases';
import type { SlaPolicy } from '../../../shared/schemas/sla';
import { useSiteTree } from '../../api/sites';
import { useDeleteSlaPolicy, usePutSlaPolicies, useSlaPolicies } from '../../api/sla';
import { errorText } from '../../components/errors';
import { QueryError } from '../../components/QueryError';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { formatBusinessMinutes } from './duration';

const ORG = '__org__';

/** Where a shown target comes from, seen from the chosen scope. */
type Source = 'own' | 'inherited' | 'default';

interface Cell {
  firstResponse: number;
  resolution: number;
  source: Source;
  /** the policy set on the chosen scope itself, if any */
  policy?: SlaPolicy;
  /** where an inherited value is set (a site above, or null for the organisation) */
  fromSite?: string | null;
}

/** The type × priority matrix of first-response and resolution targets, for the organisation or one site. */
export function PolicyMatrix() {
  const { t } = useTranslation();
  const policies = useSlaPolicies();
  const sites = useSiteTree();
  const [scope, setScope] = useState<string>(ORG);
  const [editing, setEditing] = useState<{ caseType: CaseType; priority: CasePriority } | null>(null);
  const siteId = scope === ORG ? null : scope;

  const matrix = useMemo(() => {
    const parents = new Map((sites.data ?? []).map((s) => [s.id, s.parentId]));
    const names = new Map((sites.data ?? []).map((s) => [s.id, s.name]));
    const chain: string[] = [];
    for (let id = siteId; id && !chain.includes(id); id = parents.get(id) ?? null) chain.push(id);
    const items = policies.data?.items ?? [];
    const find = (caseType: string, priority: string, site: string | null) => items.find((p) => p.caseType === caseType && p.priority === priority && p.siteId === site);
    const cells = new Map<string, Cell>();
    for (const d of policies.data?.defaults ?? []) {
      let cell: Cell = { firstResponse: d.firstResponseMinutes, resolution: d.resolutionMinutes, source: 'default' };
      // Nearest first: the scope itself, then the sites above it, then the organisation.
      for (const [i, site] of [...chain, null].entries()) {
        const p = find(d.caseType, d.priority, site);
        if (!p) continue;
        cell = { firstResponse: p.firstResponseMinutes, resolution: p.resolutionMinutes, source: i === 0 && site === siteId ? 'own' : 'inherited', policy: i === 0 && site === siteId ? p : undefined, fromSite: site };
        break;
      }
      cells.set(`${d.caseType}/${d.priority}`, cell);
    }
    return { cells, siteName: (id: string | null | undefined) => (id ? (names.get(id) ?? '') : t('sla.scopeOrg')) };
  }, [policies.data, sites.data, siteId, t]);

  const columns: ColumnsType<{ id: CaseType }> = [
    { title: t('sla.caseType'), dataIndex: 'id', width: 96, fixed: 'left', render: (type: CaseType) => <Typography.Text strong>{t(`cases.types.${type}`)}</Typography.Text> },
    ...CASE_PRIORITIES.slice()
      .reverse()
      .map((priority) => ({
        title: t(`cases.priorities.${priority}`),
        key: priority,
        render: (_: unknown, row: { id: CaseType }) => {
          const cell = matrix.cells.get(`${row.id}/${priority}`);
          if (!cell) return null;
          return (
            <button type="button" className={`sla-cell sla-cell-${cell.source}`} onClick={() => setEditing({ caseType: row.id, priority })} data-testid={`sla-cell-${row.id}-${priority}`}>
              <div>
                <Typography.Text type="secondary">{t('sla.firstResponse')}</Typography.Text> {formatBusinessMinutes(t, cell.firstResponse)}
              </div>
              <div>
                <Typography.Text type="secondary">{t('sla.resolution')}</Typography.Text> {formatBusinessMinutes(t, cell.resolution)}
              </div>
              <SourceTag cell={cell} siteName={matrix.siteName} />
            </button>
          );
        },
      })),
  ];

  const editingCell = editing ? matrix.cells.get(`${editing.caseType}/${editing.priority}`) : undefined;

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('sla.scope')}</Typography.Text>
        <SiteTreeSelect value={scope} onChange={(value) => setScope(value ?? ORG)} extraOption={{ value: ORG, title: t('sla.scopeOrg') }} allowClear={false} style={{ width: 260 }} />
        <Typography.Text type="secondary">{t(siteId ? 'sla.scopeSiteHint' : 'sla.scopeOrgHint')}</Typography.Text>
      </Space>
      <QueryError error={policies.error} onRetry={() => void policies.refetch()} />
      <Table<{ id: CaseType }>
        size="small"
        rowKey="id"
        bordered
        loading={policies.isLoading}
        dataSource={CASE_TYPES.map((id) => ({ id }))}
        columns={columns}
        pagination={false}
        scroll={{ x: 860 }}
        data-testid="sla-matrix"
      />
      {editing && editingCell ? (
        <PolicyModal key={`${scope}/${editing.caseType}/${editing.priority}`} siteId={siteId} caseType={editing.caseType} priority={editing.priority} cell={editingCell} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}

function SourceTag({ cell, siteName }: { cell: Cell; siteName: (id: string | null | undefined) => string }) {
  const { t } = useTranslation();
  if (cell.source === 'own') return <Tag color="blue">{t('sla.sourceOwn')}</Tag>;
  if (cell.source === 'default') return <Tag>{t('sla.sourceDefault')}</Tag>;
  return (
    <Tooltip title={t('sla.inheritedFrom', { name: siteName(cell.fromSite) })}>
      <Tag color="default">{t('sla.sourceInherited', { name: siteName(cell.fromSite) })}</Tag>
    </Tooltip>
  );
}

interface DurationValue {
  h: number;
  m: number;
}
const split = (minutes: number): DurationValue => ({ h: Math.floor(minutes / 60), m: minutes % 60 });
const join = (v: DurationValue | undefined) => (v?.h ?? 0) * 60 + (v?.m ?? 0);

/** Hours and minutes of business time, side by side. */
function DurationInput({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <Space.Compact>
      <Form.Item name={[name, 'h']} noStyle>
        <InputNumber min={0} max={2000} precision={0} style={{ width: 110 }} suffix={t('sla.hours')} />
      </Form.Item>
      <Form.Item name={[name, 'm']} noStyle>
        <InputNumber min={0} max={59} precision={0} style={{ width: 100 }} suffix={t('sla.minutes')} />
      </Form.Item>
    </Space.Compact>
  );
}

function PolicyModal({ siteId, caseType, priority, cell, onClose }: { siteId: string | null; caseType: CaseType; priority: CasePriority; cell: Cell; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ first: DurationValue; resolution: DurationValue }>();
  const save = usePutSlaPolicies();
  const remove = useDeleteSlaPolicy();
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    const values = form.getFieldsValue();
    const firstResponseMinutes = join(values.first);
    const resolutionMinutes = join(values.resolution);
    if (firstResponseMinutes < 1 || resolutionMinutes < 1) return setProblem(t('sla.errorZero'));
    if (resolutionMinutes < firstResponseMinutes) return setProblem(t('errors.validation.resolution_before_first_response'));
    try {
      await save.mutateAsync({ siteId, policies: [{ caseType, priority, firstResponseMinutes, resolutionMinutes, version: cell.policy?.version }] });
      message.success(t('sla.saved'));
      onClose();
    } catch (error) {
      setProblem(errorText(t, error));
    }
  };

  const reset = async () => {
    if (!cell.policy) return;
    try {
      await remove.mutateAsync(cell.policy.id);
      message.success(t('sla.resetDone'));
      onClose();
    } catch (error) {
      setProblem(errorText(t, error));
    }
  };

  return (
    <Modal
      open
      title={t('sla.editTitle', { type: t(`cases.types.${caseType}`), priority: t(`cases.priorities.${priority}`) })}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      footer={(_, { OkBtn, CancelBtn }) => (
        <Space>
          {cell.policy ? (
            <Popconfirm title={t(siteId ? 'sla.resetSiteConfirm' : 'sla.resetOrgConfirm')} onConfirm={reset}>
              <Button danger loading={remove.isPending}>
                {t(siteId ? 'sla.resetSite' : 'sla.resetOrg')}
              </Button>
            </Popconfirm>
          ) : null}
          <CancelBtn />
          <OkBtn />
        </Space>
      )}
    >
      <Form form={form} layout="vertical" initialValues={{ first: split(cell.firstResponse), resolution: split(cell.resolution) }} onValuesChange={() => setProblem(null)}>
        <Form.Item label={t('sla.firstResponse')} extra={t('sla.firstResponseHint')}>
          <DurationInput name="first" />
        </Form.Item>
        <Form.Item label={t('sla.resolution')} extra={t('sla.resolutionHint')}>
          <DurationInput name="resolution" />
        </Form.Item>
      </Form>
      {problem ? <Typography.Text type="danger">{problem}</Typography.Text> : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        {t('sla.newCasesOnly')}
      </Typography.Paragraph>
    </Modal>
  );
}
