import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { CONTACT_CHANNELS, type ContactChannel } from '../../../shared/schemas/plans';
import { useCustomer, useCustomers } from '../../api/customers';
import { useCreateRecord } from '../../api/records';
import { useUsers } from '../../api/users';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/session';
import { showFormErrors } from '../plans/formErrors';

/** Topics offered while typing; any other may be entered. */
const TOPIC_KEYS = ['service', 'repair', 'cleaning', 'security', 'parking', 'greening', 'fees', 'activities', 'suggestions'] as const;

interface RecordForm {
  customerId: string;
  channel: ContactChannel;
  occurredAt: Dayjs;
  staffId: string;
  topics: string[];
  opinion?: string;
  problems: { description: string }[];
}

/**
 * Records a contact with a customer. Opened from a customer (`?customerId=`) or from a revisit of the
 * work list (`?revisitId=&customerId=`), the customer is filled in and the record is linked to the revisit.
 */
export function RecordFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { me, can } = useSession();
  const [params] = useSearchParams();
  const presetCustomer = params.get('customerId') ?? undefined;
  const revisitId = params.get('revisitId') ?? undefined;
  const channelParam = params.get('channel') as ContactChannel | null;
  const [form] = Form.useForm<RecordForm>();
  const create = useCreateRecord();
  const [customerSearch, setCustomerSearch] = useState('');
  const [staffSearch, setStaffSearch] = useState('');
  const preset = useCustomer(presetCustomer);
  const customers = useCustomers({ q: customerSearch.trim() || undefined, pageSize: 20 }, !presetCustomer || customerSearch !== '');
  const staff = useUsers({ q: staffSearch.trim() || undefined, active: 'true', pageSize: 50 }, can('users.read'));

  useEffect(() => {
    form.setFieldsValue({
      customerId: presetCustomer,
      channel: channelParam && (CONTACT_CHANNELS as readonly string[]).includes(channelParam) ? channelParam : 'phone',
      occurredAt: dayjs(),
      staffId: me.user.id,
      topics: [],
      problems: [],
    });
  }, [form, presetCustomer, channelParam, me.user.id]);

  const submit = async (values: RecordForm) => {
    try {
      const record = await create.mutateAsync({
        customerId: values.customerId,
        revisitId,
        channel: values.channel,
        occurredAt: values.occurredAt.toISOString(),
        staffId: values.staffId === me.user.id ? undefined : values.staffId,
        topics: values.topics.map((v) => v.trim()).filter(Boolean),
        opinion: values.opinion?.trim() || undefined,
        problems: values.problems.map((p) => ({ description: p.description.trim() })).filter((p) => p.description),
      });
      message.success(t('records.saved'));
      navigate(`/records/${record.id}`, { replace: true });
    } catch (error) {
      const text = showFormErrors(form, t, error);
      if (text) message.error(text);
    }
  };

  const customerOptions = [
    ...(preset.data && !customers.data?.items.some((c) => c.id === preset.data.id) ? [{ value: preset.data.id, label: `${preset.data.name} · ${preset.data.siteName}` }] : []),
    ...(customers.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${c.phone} · ${c.siteName}` })),
  ];
  const staffOptions = [
    ...(!staff.data?.items.some((u) => u.id === me.user.id) ? [{ value: me.user.id, label: me.user.name }] : []),
    ...(staff.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
  ];
  const required = { required: true, message: t('errors.validation.required') };

  return (
    <>
      <PageHeader title={t('records.create')} />
      <Card style={{ maxWidth: 860 }}>
        {revisitId ? <Alert type="info" showIcon title={t('records.forRevisit')} style={{ marginBottom: 16 }} /> : null}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="customerId" label={t('records.customer')} rules={[required]}>
                <Select
                  showSearch={{ filterOption: false, onSearch: setCustomerSearch }}
                  loading={customers.isFetching || preset.isFetching}
                  placeholder={t('records.customerSearch')}
                  options={customerOptions}
                  disabled={Boolean(revisitId && presetCustomer)}
                  data-testid="record-customer"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="channel" label={t('records.channel')} rules={[required]}>
                <Radio.Group optionType="button" options={CONTACT_CHANNELS.map((value) => ({ value, label: t(`plans.channels.${value}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="occurredAt" label={t('records.occurredAt')} rules={[required]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="staffId" label={t('records.staff')} rules={[required]}>
                <Select showSearch={{ filterOption: false, onSearch: setStaffSearch }} options={staffOptions} disabled={!can('users.read')} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="topics" label={t('records.topics')} extra={t('records.topicsHint')} rules={[{ type: 'array', max: 10, message: t('errors.validation.too_big') }]}>
                <Select mode="tags" tokenSeparators={[',', '，', '、']} options={TOPIC_KEYS.map((k) => ({ value: t(`records.topicOptions.${k}`) }))} placeholder={t('records.topicsPlaceholder')} data-testid="record-topics" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="opinion" label={t('records.opinion')} rules={[{ max: 2000, message: t('errors.validation.too_big') }]}>
                <Input.TextArea rows={3} showCount maxLength={2000} placeholder={t('records.opinionPlaceholder')} data-testid="record-opinion" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('records.problems')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('records.problemsHint')}</Typography.Paragraph>
          <Form.List name="problems">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Space key={field.key} align="start" style={{ display: 'flex' }}>
                    <Typography.Text style={{ lineHeight: '32px', width: 24 }}>{index + 1}.</Typography.Text>
                    <Form.Item name={[field.name, 'description']} rules={[{ ...required, whitespace: true }, { max: 1000, message: t('errors.validation.too_big') }]} style={{ width: 660 }}>
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('records.problemPlaceholder')} data-testid={`record-problem-${index}`} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                  </Space>
                ))}
                {fields.length < 20 ? (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ description: '' })} data-testid="record-add-problem">
                    {t('records.addProblem')}
                  </Button>
                ) : null}
              </>
            )}
          </Form.List>
          <div style={{ marginTop: 24 }}>
            <Space>
              <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="record-save">
                {t('common.save')}
              </Button>
              <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
            </Space>
          </div>
        </Form>
      </Card>
    </>
  );
}
