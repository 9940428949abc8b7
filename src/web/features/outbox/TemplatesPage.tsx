import { App, Button, Card, Col, Empty, Form, Input, Menu, Popconfirm, Row, Segmented, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { EVENT_CHANNELS, EVENT_VARIABLES, OUTBOX_EVENTS, type OutboxChannel, type OutboxEvent, renderTemplate, SAMPLE_DATA, unknownPlaceholders } from '../../../shared/outbox/templates';
import { LOCALES, type Locale } from '../../../shared/roles';
import { BODY_MAX, type MessageTemplate, SUBJECT_MAX } from '../../../shared/schemas/outbox';
import { useMessageTemplates, useRestoreTemplate, useSaveTemplate } from '../../api/outbox';
import { errorText } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../format';
import { ChannelTag } from './OutboxPage';

const PAIRS = OUTBOX_EVENTS.flatMap((event) => EVENT_CHANNELS[event].map((channel) => ({ event, channel, key: `${event}/${channel}` })));

/** The wording of every message per event × channel × language: edit, preview with example data, restore the default. */
export function TemplatesPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const templates = useMessageTemplates();
  const [pair, setPair] = useState(PAIRS[0].key);
  const [locale, setLocale] = useState<Locale>(() => ((LOCALES as readonly string[]).includes(i18n.language) ? (i18n.language as Locale) : 'zh-CN'));
  const [event, channel] = pair.split('/') as [OutboxEvent, OutboxChannel];
  const current = templates.data?.items.find((i) => i.event === event && i.channel === channel && i.locale === locale);
  const customised = (e: string, c: string) => templates.data?.items.filter((i) => i.event === e && i.channel === c && !i.isDefault).length ?? 0;

  return (
    <>
      <PageHeader title={t('outbox.templates.title')} extra={<Button onClick={() => navigate('/admin/outbox')}>{t('outbox.templates.backToOutbox')}</Button>} />
      <QueryError error={templates.error} onRetry={() => void templates.refetch()} />
      <Row gutter={16}>
        <Col xs={24} md={7} lg={6}>
          <Card size="small" title={t('outbox.templates.messages')} styles={{ body: { padding: 4 } }}>
            <Menu
              mode="inline"
              selectedKeys={[pair]}
              onClick={({ key }) => setPair(key)}
              style={{ borderInlineEnd: 'none' }}
              items={PAIRS.map((p) => ({
                key: p.key,
                label: (
                  <Space size={6}>
                    <span>{t(`outbox.event.${p.event}`)}</span>
                    <Typography.Text type="secondary">· {t(`outbox.channel.${p.channel}`)}</Typography.Text>
                    {customised(p.event, p.channel) ? <Tag color="orange">{t('outbox.templates.customisedCount', { count: customised(p.event, p.channel) })}</Tag> : null}
                  </Space>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} md={17} lg={18}>
          <Card
            size="small"
            title={
              <Space>
                <ChannelTag channel={channel} />
                <span>{t(`outbox.event.${event}`)}</span>
              </Space>
            }
            extra={<Segmented value={locale} onChange={(v) => setLocale(v as Locale)} options={LOCALES.map((l) => ({ value: l, label: t(`outbox.locale.${l}`) }))} />}
          >
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
              {t(`outbox.templates.eventHint.${event}`)}
            </Typography.Paragraph>
            {templates.isLoading ? <Spin /> : current ? <TemplateEditor key={`${pair}/${locale}/${current.version}`} template={current} /> : <Empty />}
          </Card>
        </Col>
      </Row>
    </>
  );
}

interface Values {
  subject: string;
  body: string;
}

function TemplateEditor({ template }: { template: MessageTemplate }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveTemplate();
  const restore = useRestoreTemplate();
  const key = { event: template.event, channel: template.channel, locale: template.locale };
  const isEmail = template.channel === 'email';
  const subject = Form.useWatch('subject', form) ?? template.subject ?? '';
  const body = Form.useWatch('body', form) ?? template.body;
  const dirty = subject !== (template.subject ?? '') || body !== template.body;
  const preview = useMemo(() => renderTemplate({ subject: isEmail ? subject : null, body }, SAMPLE_DATA[template.locale][template.event]), [isEmail, subject, body, template.locale, template.event]);
  const variables = EVENT_VARIABLES[template.event];

  const placeholderRule = { validator: async (_: unknown, value: string) => {
    const unknown = unknownPlaceholders(template.event, value ?? '');
    if (unknown.length) throw new Error(t('outbox.templates.unknownPlaceholder', { names: unknown.map((u) => `{{${u}}}`).join(' ') }));
  } };

  const submit = (values: Values) =>
    save.mutate(
      { key, subject: isEmail ? values.subject.trim() : null, body: values.body.trim(), version: template.version },
      {
        onSuccess: () => void message.success(t('outbox.templates.saved')),
        onError: (error) => void message.error(errorText(t, error)),
      },
    );

  return (
    <Row gutter={24}>
      <Col xs={24} xl={13}>
        <Space style={{ marginBottom: 12 }} wrap>
          {template.isDefault ? (
            <Tag>{t('outbox.templates.default')}</Tag>
          ) : (
            <Tag color="orange">{t('outbox.templates.customised', { name: template.updatedByName ?? '-', time: formatDateTime(template.updatedAt) })}</Tag>
          )}
        </Space>
        <Form form={form} layout="vertical" initialValues={{ subject: template.subject ?? '', body: template.body }} onFinish={submit} requiredMark={false}>
          {isEmail ? (
            <Form.Item name="subject" label={t('outbox.subject')} rules={[{ required: true, whitespace: true, message: t('outbox.templates.subjectRequired') }, placeholderRule]}>
              <Input maxLength={SUBJECT_MAX} data-testid="template-subject" />
            </Form.Item>
          ) : null}
          <Form.Item
            name="body"
            label={t('outbox.templates.body')}
            rules={[{ required: true, whitespace: true, message: t('outbox.templates.bodyRequired') }, placeholderRule]}
            extra={template.channel === 'sms' ? t('outbox.templates.smsLength', { count: preview.body.length }) : undefined}
          >
            <Input.TextArea autoSize={{ minRows: isEmail ? 8 : 3, maxRows: 18 }} maxLength={BODY_MAX[template.channel]} showCount data-testid="template-body" />
          </Form.Item>
          <div style={{ marginBottom: 16 }}>
            <Typography.Text type="secondary">{t('outbox.templates.variables')}</Typography.Text>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 6 }}>
              {variables.map((name) => (
                <Tooltip key={name} title={t(`outbox.templates.variable.${name}`)}>
                  <Tag
                    style={{ cursor: 'pointer', fontFamily: 'monospace' }}
                    onClick={() => form.setFieldValue('body', `${form.getFieldValue('body') ?? ''}{{${name}}}`)}
                  >{`{{${name}}}`}</Tag>
                </Tooltip>
              ))}
            </div>
          </div>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!dirty}>
              {t('common.save')}
            </Button>
            <Button disabled={!dirty} onClick={() => form.resetFields()}>
              {t('outbox.templates.discard')}
            </Button>
            <Popconfirm
              title={t('outbox.templates.restoreConfirm')}
              okText={t('outbox.templates.restore')}
              cancelText={t('common.cancel')}
              disabled={template.isDefault}
              onConfirm={() =>
                restore.mutate(key, {
                  onSuccess: () => void message.success(t('outbox.templates.restored')),
                  onError: (error) => void message.error(errorText(t, error)),
                })
              }
            >
              <Button disabled={template.isDefault} loading={restore.isPending}>
                {t('outbox.templates.restore')}
              </Button>
            </Popconfirm>
          </Space>
        </Form>
      </Col>
      <Col xs={24} xl={11}>
        <Typography.Text type="secondary">{t('outbox.templates.preview')}</Typography.Text>
        <div className="outbox-preview" data-testid="template-preview" style={{ marginTop: 6, border: '1px solid rgba(5,5,5,0.1)', borderRadius: 8, padding: 12, background: 'rgba(0,0,0,0.02)' }}>
          {isEmail ? (
            <Typography.Paragraph strong style={{ marginBottom: 8 }}>
              {preview.subject || <Typography.Text type="secondary">{t('outbox.noSubject')}</Typography.Text>}
            </Typography.Paragraph>
          ) : null}
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{preview.body}</Typography.Paragraph>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
          {t('outbox.templates.previewHint')}
        </Typography.Paragraph>
      </Col>
    </Row>
  );
}
