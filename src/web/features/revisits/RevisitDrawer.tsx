import { Alert, App, Button, Descriptions, Drawer, Empty, Form, Input, Radio, Rate, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { REVISIT_OUTCOMES, type Revisit, type RevisitOutcome } from '../../../shared/schemas/revisits';
import { useRecordAttempt, useRevisit } from '../../api/revisits';
import { errorText } from '../../components/errors';
import { TierTag } from '../../components/tags';
import { formatDateTime } from '../../format';

const OUTCOME_COLORS: Record<RevisitOutcome, string> = { reached: 'green', no_answer: 'orange', refused: 'red', wrong_number: 'red' };

/** The status tag of a revisit: open (or overdue), done with its answer, failed, cancelled. */
export function RevisitStatusTag({ revisit }: { revisit: Pick<Revisit, 'status' | 'overdue' | 'satisfaction' | 'solved'> }) {
  const { t } = useTranslation();
  if (revisit.status === 'due') return revisit.overdue ? <Tag color="red">{t('revisits.status.overdue')}</Tag> : <Tag color="blue">{t('revisits.status.due')}</Tag>;
  if (revisit.status === 'done') {
    const happy = revisit.solved === true && (revisit.satisfaction ?? 0) >= 4;
    return <Tag color={happy ? 'green' : 'volcano'}>{t(happy ? 'revisits.status.satisfied' : 'revisits.status.dissatisfied')}</Tag>;
  }
  return <Tag>{t(`revisits.status.${revisit.status}`)}</Tag>;
}

interface FormValues {
  outcome: RevisitOutcome;
  solved?: boolean;
  satisfaction?: number;
  comment?: string;
}

/**
 * One revisit: the customer and the case it follows (with a link to the case's timeline), the
 * attempts so far, and the form for the call being made now.
 */
export function RevisitDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const revisit = useRevisit(id);
  const record = useRecordAttempt(id ?? '');
  const [form] = Form.useForm<FormValues>();
  const outcome = Form.useWatch('outcome', form);
  const r = revisit.data;

  useEffect(() => {
    form.resetFields();
    record.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  const submit = (values: FormValues) => {
    if (!r) return;
    const reached = values.outcome === 'reached';
    record.mutate(
      { outcome: values.outcome, solved: reached ? values.solved : undefined, satisfaction: reached ? values.satisfaction : undefined, comment: values.comment || undefined, version: r.version },
      {
        onSuccess: (detail) => {
          form.resetFields();
          const key = detail.status === 'due' ? 'revisits.saved.retry' : detail.case?.status === 'closed' && reached ? 'revisits.saved.closed' : detail.case && reached && detail.case.status === 'in_progress' ? 'revisits.saved.reopened' : 'revisits.saved.done';
          void message.success(t(key));
        },
      },
    );
  };

  const waitUntil = r?.nextAttemptAt && r.nextAttemptAt > new Date().toISOString() ? r.nextAttemptAt : null;

  return (
    <Drawer open={Boolean(id)} onClose={onClose} width={560} title={t('revisits.drawer.title')} destroyOnHidden data-testid="revisit-drawer">
      {revisit.isLoading || !r ? (
        <Spin />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'status', label: t('revisits.fields.status'), children: <RevisitStatusTag revisit={r} /> },
              {
                key: 'customer',
                label: t('revisits.fields.customer'),
                children: r.customer ? (
                  <Space size={6} wrap>
                    <Typography.Text strong>{r.customer.name}</Typography.Text>
                    <Typography.Text copyable={!r.customer.masked} data-testid="revisit-phone">
                      {r.customer.phone}
                    </Typography.Text>
                    <TierTag tier={r.customer.tier} />
                    {/* A visit or a long call deserves a communication record, linked to this revisit. */}
                    <Link to={`/records/new?revisitId=${r.id}&customerId=${r.customer.id}&channel=${r.channel}`} data-testid="revisit-write-record">
                      {t('revisits.drawer.writeRecord')}
                    </Link>
                  </Space>
                ) : (
                  '—'
                ),
              },
              r.case
                ? {
                    key: 'case',
                    label: t('revisits.fields.case'),
                    children: (
                      <Space direction="vertical" size={2}>
                        <Link to={`/cases/${r.case.id}`}>
                          {r.case.number} · {r.case.title}
                        </Link>
                        <Typography.Text type="secondary">
                          {t(`cases.types.${r.case.type}`)} · {t(`cases.statuses.${r.case.status}`)}
                          {r.caseSummary?.assigneeName ? ` · ${t('revisits.fields.handledBy', { name: r.caseSummary.assigneeName })}` : ''}
                          {r.caseSummary?.resolvedAt ? ` · ${t('revisits.fields.resolvedAt', { at: formatDateTime(r.caseSummary.resolvedAt) })}` : ''}
                        </Typography.Text>
                        {r.caseSummary ? (
                          <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 0 }}>
                            {r.caseSummary.description}
                          </Typography.Paragraph>
                        ) : null}
                      </Space>
                    ),
                  }
                : { key: 'plan', label: t('revisits.fields.plan'), children: `${r.planName ?? ''} · ${r.planPeriod ?? ''}` },
              { key: 'owner', label: t('revisits.fields.owner'), children: r.ownerName ?? t('revisits.unassigned') },
              { key: 'site', label: t('revisits.fields.site'), children: r.siteName },
              { key: 'due', label: t('revisits.fields.window'), children: `${formatDateTime(r.dueAt)} – ${formatDateTime(r.deadlineAt)}` },
              { key: 'attempts', label: t('revisits.fields.attempts'), children: t('revisits.attemptsOf', { count: r.attemptCount, max: r.maxAttempts }) },
            ]}
          />
          <div>
            <Typography.Title level={5}>{t('revisits.drawer.previous')}</Typography.Title>
            {r.attempts.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('revisits.drawer.noAttempts')} />
            ) : (
              <Timeline
                items={r.attempts.map((a) => ({
                  key: a.id,
                  color: OUTCOME_COLORS[a.outcome],
                  content: (
                    <div data-testid="revisit-attempt">
                      <Space size={8} wrap>
                        <Typography.Text strong>
                          {t('revisits.attemptNo', { n: a.attemptNo })} · {t(`revisits.outcomes.${a.outcome}`)}
                        </Typography.Text>
                        {a.outcome === 'reached' ? (
                          <>
                            <Tag color={a.solved ? 'green' : 'red'}>{t(a.solved ? 'revisits.solvedYes' : 'revisits.solvedNo')}</Tag>
                            <Rate disabled value={a.satisfaction ?? 0} style={{ fontSize: 14 }} />
                          </>
                        ) : null}
                        <Typography.Text type="secondary">
                          {a.recordedByName ?? ''} · {formatDateTime(a.recordedAt)}
                        </Typography.Text>
                      </Space>
                      {a.comment ? <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{a.comment}</div> : null}
                    </div>
                  ),
                }))}
              />
            )}
          </div>
          {r.canAttempt ? (
            <div>
              <Typography.Title level={5}>{t('revisits.drawer.record')}</Typography.Title>
              {waitUntil ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('revisits.drawer.waitUntil', { at: formatDateTime(waitUntil) })} /> : null}
              {record.error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(t, record.error)} /> : null}
              <Form<FormValues> form={form} layout="vertical" onFinish={submit} disabled={Boolean(waitUntil)}>
                <Form.Item name="outcome" label={t('revisits.fields.outcome')} rules={[{ required: true, message: t('revisits.validation.outcome') }]}>
                  <Radio.Group optionType="button" buttonStyle="solid" options={REVISIT_OUTCOMES.map((o) => ({ value: o, label: t(`revisits.outcomes.${o}`) }))} />
                </Form.Item>
                {outcome === 'reached' ? (
                  <>
                    <Form.Item name="solved" label={t('revisits.fields.solved')} rules={[{ required: true, message: t('revisits.validation.solved') }]}>
                      <Radio.Group
                        options={[
                          { value: true, label: t('revisits.solvedYes') },
                          { value: false, label: t('revisits.solvedNo') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name="satisfaction" label={t('revisits.fields.satisfaction')} extra={t('revisits.satisfactionHelp')} rules={[{ required: true, message: t('revisits.validation.satisfaction') }]}>
                      <Rate tooltips={[1, 2, 3, 4, 5].map((n) => t(`revisits.scale.${n}`))} data-testid="revisit-satisfaction" />
                    </Form.Item>
                  </>
                ) : null}
                <Form.Item name="comment" label={t('revisits.fields.comment')}>
                  <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('revisits.commentPlaceholder')} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="revisit-submit">
                  {t('revisits.drawer.submit')}
                </Button>
              </Form>
            </div>
          ) : null}
        </Space>
      )}
    </Drawer>
  );
}
