import { Alert, App, Button, Col, Descriptions, Drawer, Form, Input, List, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CASE_PRIORITIES, CASE_TYPES } from '../../../shared/schemas/cases';
import type { SurveyFollowUp, SurveyResponse } from '../../../shared/schemas/surveys';
import { allQuestions, localized, type Question, type SurveyDefinition } from '../../../shared/surveys/definition';
import { followUpCandidates, isLowScore } from '../../../shared/surveys/followups';
import { ApiError } from '../../api/client';
import { useCreateFollowUp } from '../../api/survey-followups';
import { errorText } from '../../components/errors';
import { useSession } from '../../components/session';
import { formatDateTime } from '../../format';
import { currentLocale } from '../../i18n';
import { CaseStatusTag } from '../cases/caseTags';

/** A case opened from a response: its number (a link) and live status. */
export function FollowUpCase({ followUp }: { followUp: SurveyFollowUp }) {
  return (
    <Space size={4} data-testid="follow-up-case">
      <Link to={`/cases/${followUp.caseId}`}>{followUp.caseNumber}</Link>
      <CaseStatusTag status={followUp.caseStatus} />
    </Space>
  );
}

/** The responses list's column: how many answers need attention, and the cases opened for them. */
export function FollowUpCell({ response, definition }: { response: SurveyResponse; definition: SurveyDefinition | undefined }) {
  const { t } = useTranslation();
  const open = definition ? followUpCandidates(definition, response.answers).filter((c) => !response.followUps.some((f) => f.questionKey === c.key)) : [];
  const lows = open.filter((c) => c.reason === 'low_score').length;
  return (
    <Space size={4} wrap>
      {lows > 0 ? <Tag color="red">{t('surveys.followups.lowCount', { n: lows })}</Tag> : null}
      {response.followUps.map((f) => (
        <FollowUpCase key={f.id} followUp={f} />
      ))}
    </Space>
  );
}

function formatAnswer(q: Question, value: unknown, locale: string): string {
  if (value === undefined || value === null) return '—';
  if (q.type === 'servqual_pair') {
    const pair = value as { expectation: number; perception: number };
    return `E ${pair.expectation} · P ${pair.perception}`;
  }
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    const keys = Array.isArray(value) ? (value as string[]) : [String(value)];
    return keys.map((k) => localized(q.options.find((o) => o.key === k)?.label, locale) || k).join('、');
  }
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${String(v)}`).join(' · ');
  return String(value);
}

/** One response in a drawer: every answer, low scores highlighted, "转为工单" per low score or comment, and its cases. */
export function ResponseDrawer({ response, definition, onClose }: { response: SurveyResponse | null; definition: SurveyDefinition | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const { message } = App.useApp();
  const [current, setCurrent] = useState<SurveyResponse | null>(null);
  const [converting, setConverting] = useState<{ key: string; low: boolean } | null>(null);
  const [form] = Form.useForm();
  const shown = current && response && current.id === response.id ? current : response;
  const create = useCreateFollowUp(shown?.id);
  if (!shown || !definition) return <Drawer open={false} onClose={onClose} />;
  const candidates = followUpCandidates(definition, shown.answers);
  const followUpOf = (key: string) => shown.followUps.find((f) => f.questionKey === key);
  const open = (key: string, low: boolean, title: string) => {
    setConverting({ key, low });
    form.setFieldsValue({ title: `${t('surveys.followups.titlePrefix')}${title}`.slice(0, 200), type: low ? 'complaint' : 'suggestion', priority: 'normal', note: '' });
  };
  const submit = async (values: { title: string; type: string; priority: string; note?: string }) => {
    try {
      const next = await create.mutateAsync({ questionKey: converting!.key || undefined, ...values, note: values.note?.trim() || undefined });
      setCurrent(next);
      setConverting(null);
      message.success(t('surveys.followups.created'));
    } catch (e) {
      message.error(e instanceof ApiError ? errorText(t, e) : String(e));
    }
  };
  return (
    <Drawer open title={t('surveys.followups.drawerTitle')} width={640} onClose={onClose} data-testid="response-drawer">
      <Descriptions size="small" column={2} items={[
        { key: 'site', label: t('surveys.entry.site'), children: shown.siteName },
        { key: 'customer', label: t('surveys.entry.customer'), children: shown.customerName ?? t('surveys.followups.anonymous') },
        { key: 'at', label: t('surveys.responses.submittedAt'), children: formatDateTime(shown.submittedAt) },
        { key: 'channel', label: t('surveys.entry.channel'), children: t(`surveys.channels.${shown.channel}`) },
      ]} />
      {candidates.length === 0 ? <Alert type="success" showIcon style={{ margin: '12px 0' }} title={t('surveys.followups.nothingLow')} /> : null}
      <List
        size="small"
        style={{ marginTop: 12 }}
        dataSource={allQuestions(definition).filter(({ question }) => shown.answers[question.key] !== undefined)}
        renderItem={({ question }) => {
          const value = shown.answers[question.key];
          const low = isLowScore(question, value);
          const candidate = candidates.some((c) => c.key === question.key);
          const linked = followUpOf(question.key);
          const title = localized(question.title, locale);
          return (
            <List.Item
              data-testid={`answer-${question.key}`}
              style={low ? { background: 'var(--ant-color-error-bg, #fff2f0)', paddingInline: 8 } : { paddingInline: 8 }}
              extra={
                linked ? (
                  <FollowUpCase followUp={linked} />
                ) : candidate && can('cases.write') ? (
                  <Button size="small" type="primary" ghost onClick={() => open(question.key, low, title)} data-testid={`to-case-${question.key}`}>
                    {t('surveys.followups.toCase')}
                  </Button>
                ) : null
              }
            >
              <List.Item.Meta
                title={<Typography.Text>{title}</Typography.Text>}
                description={<Typography.Text type={low ? 'danger' : undefined} strong={low}>{formatAnswer(question, value, locale)}{low ? ` · ${t('surveys.followups.low')}` : ''}</Typography.Text>}
              />
            </List.Item>
          );
        }}
      />
      <Modal open={converting !== null} title={t('surveys.followups.modalTitle')} onCancel={() => setConverting(null)} onOk={() => form.submit()} okText={t('surveys.followups.ok')} confirmLoading={create.isPending} forceRender>
        <Typography.Paragraph type="secondary">{t('surveys.followups.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="title" label={t('surveys.followups.caseTitle')} rules={[{ required: true, whitespace: true, message: t('errors.validation.required') }, { max: 200, message: t('errors.validation.too_big') }]}>
            <Input />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="type" label={t('surveys.followups.caseType')}>
                <Select options={CASE_TYPES.map((v) => ({ value: v, label: t(`cases.types.${v}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="priority" label={t('surveys.followups.casePriority')}>
                <Select options={CASE_PRIORITIES.map((v) => ({ value: v, label: t(`cases.priorities.${v}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="note" label={t('surveys.followups.note')} rules={[{ max: 2000, message: t('errors.validation.too_big') }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
