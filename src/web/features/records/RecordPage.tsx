import { Button, Card, Col, Descriptions, Empty, Form, Input, List, Modal, Result, Row, Select, Space, Spin, Tag, Typography, App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CustomerTier } from '../../../shared/roles';
import { CASE_PRIORITIES, CASE_TYPES, type CasePriority, type CaseType } from '../../../shared/schemas/cases';
import type { CommunicationProblem, CommunicationRecord } from '../../../shared/schemas/records';
import { ApiError } from '../../api/client';
import { useProblemToCase, useRecord } from '../../api/records';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { TierTag } from '../../components/tags';
import { formatDateTime } from '../../format';
import { ChannelTag } from '../plans/planTags';
import { ProblemCase } from './recordParts';
import { showFormErrors } from '../plans/formErrors';

/** One communication record: the contact, the customer's opinion, and each problem with the case it became. */
export function RecordPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const record = useRecord(id);
  if (record.isLoading) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (record.error instanceof ApiError && record.error.status === 404) {
    return (
      <Result
        status="404"
        title={t('errors.not_found')}
        extra={
          <Link to="/records">
            <Button type="primary">{t('records.backToList')}</Button>
          </Link>
        }
      />
    );
  }
  if (!record.data) return <QueryError error={record.error} onRetry={() => void record.refetch()} />;
  return <RecordView record={record.data} />;
}

interface CaseForm {
  type: CaseType;
  priority: CasePriority;
  title: string;
}

function RecordView({ record }: { record: CommunicationRecord }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const toCase = useProblemToCase(record.id);
  const [converting, setConverting] = useState<CommunicationProblem | null>(null);
  const [form] = Form.useForm<CaseForm>();

  const open = (problem: CommunicationProblem) => {
    setConverting(problem);
    form.setFieldsValue({ type: 'repair', priority: record.customerTier === 'vip' ? 'high' : 'normal', title: problem.description.length > 60 ? `${problem.description.slice(0, 59)}…` : problem.description });
  };
  const submit = async (values: CaseForm) => {
    if (!converting) return;
    try {
      const updated = await toCase.mutateAsync({ problemId: converting.id, body: { type: values.type, priority: values.priority, title: values.title.trim() } });
      const linked = updated.problems.find((p) => p.id === converting.id)?.case;
      message.success(t('records.caseCreated', { number: linked?.number ?? '' }));
      setConverting(null);
    } catch (error) {
      const text = showFormErrors(form, t, error);
      if (text) message.error(text);
    }
  };

  return (
    <>
      <PageHeader
        title={t('records.detailTitle')}
        extra={
          <Space>
            <Link to={`/records?customerId=${record.customerId}`}>
              <Button>{t('records.customerHistory')}</Button>
            </Link>
            {can('revisits.write') ? (
              <Link to={`/records/new?customerId=${record.customerId}`}>
                <Button type="primary">{t('records.createAgain')}</Button>
              </Link>
            ) : null}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('records.contact')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('records.customer')}>
                <Space size={4}>
                  <Link to={`/customers/${record.customerId}`}>{record.customerName}</Link>
                  <TierTag tier={record.customerTier as CustomerTier} />
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('records.site')}>{record.siteName}</Descriptions.Item>
              <Descriptions.Item label={t('records.occurredAt')}>{formatDateTime(record.occurredAt)}</Descriptions.Item>
              <Descriptions.Item label={t('records.channel')}>
                <ChannelTag channel={record.channel} />
              </Descriptions.Item>
              <Descriptions.Item label={t('records.staff')}>{record.staffName}</Descriptions.Item>
              {record.revisitId ? <Descriptions.Item label={t('records.revisit')}>{t('records.revisitLinked')}</Descriptions.Item> : null}
              <Descriptions.Item label={t('records.topics')}>{record.topics.length ? record.topics.map((v) => <Tag key={v}>{v}</Tag>) : '-'}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('records.opinion')} style={{ marginBottom: 16 }}>
            {record.opinion ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{record.opinion}</Typography.Paragraph> : <Typography.Text type="secondary">{t('records.noOpinion')}</Typography.Text>}
          </Card>
          <Card size="small" title={t('records.problems')}>
            {record.problems.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('records.noProblems')} />
            ) : (
              <List
                dataSource={record.problems}
                renderItem={(p) => (
                  <List.Item
                    data-testid={`problem-${p.position}`}
                    extra={
                      p.case ? (
                        <ProblemCase linked={p.case} />
                      ) : can('cases.write') ? (
                        <Button size="small" type="primary" ghost onClick={() => open(p)} data-testid={`problem-to-case-${p.position}`}>
                          {t('records.toCase')}
                        </Button>
                      ) : (
                        <Tag>{t('records.notACase')}</Tag>
                      )
                    }
                  >
                    <List.Item.Meta title={`${p.position}. ${p.description}`} />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Modal
        open={converting !== null}
        title={t('records.toCaseTitle')}
        onCancel={() => setConverting(null)}
        onOk={() => form.submit()}
        okText={t('records.toCaseOk')}
        confirmLoading={toCase.isPending}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('records.toCaseHint', { channel: t(record.channel === 'visit' ? 'records.viaVisit' : 'records.viaRevisit') })}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="title" label={t('records.caseTitle')} rules={[{ required: true, whitespace: true, message: t('errors.validation.required') }, { max: 200, message: t('errors.validation.too_big') }]}>
            <Input />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="type" label={t('records.caseType')}>
                <Select options={CASE_TYPES.map((v) => ({ value: v, label: t(`cases.types.${v}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="priority" label={t('records.casePriority')}>
                <Select options={CASE_PRIORITIES.map((v) => ({ value: v, label: t(`cases.priorities.${v}`) }))} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </>
  );
}
