import { App, Button, Col, DatePicker, Drawer, Empty, Form, Input, List, Radio, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CADENCES, type Cadence, isValidDate, localDate, nextOccurrences } from '../../../shared/revisits/cadence';
import { CUSTOMER_TIERS, type CustomerTier } from '../../../shared/roles';
import { CONTACT_CHANNELS, type ContactChannel, type RevisitPlan } from '../../../shared/schemas/plans';
import { useCustomers } from '../../api/customers';
import { type PlanInput, useSavePlan } from '../../api/plans';
import { useUsers } from '../../api/users';
import { useSession } from '../../components/session';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { showFormErrors } from './formErrors';

/** The value of "every site" in the site picker (a tier plan without a site). */
const ALL_SITES = '__all__';
const PREVIEW = 6;

interface PlanForm {
  target: 'customer' | 'tier';
  customerId?: string;
  tier?: CustomerTier;
  siteId?: string;
  name: string;
  cadence: Cadence;
  channel: ContactChannel;
  ownerId: string;
  startDate: Dayjs;
  note?: string;
}

interface Props {
  open: boolean;
  plan?: RevisitPlan;
  /** a customer to plan for (from the customer's page) */
  customer?: { id: string; name: string; siteName: string };
  onClose: () => void;
}

/** Creates or edits a revisit plan, with a preview of its next due dates. */
export function PlanFormDrawer({ open, plan, customer, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const [form] = Form.useForm<PlanForm>();
  const save = useSavePlan();
  const [customerSearch, setCustomerSearch] = useState('');
  const [ownerSearch, setOwnerSearch] = useState('');
  const target = Form.useWatch('target', form) ?? 'customer';
  const cadence = Form.useWatch('cadence', form);
  const startDate = Form.useWatch('startDate', form);
  const customers = useCustomers({ q: customerSearch.trim() || undefined, pageSize: 20 }, open && target === 'customer' && !plan);
  const owners = useUsers({ q: ownerSearch.trim() || undefined, active: 'true', pageSize: 50 }, open);
  const today = localDate(new Date(), me.organization.timezone);

  const presetCustomerId = customer?.id;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setCustomerSearch('');
    if (plan) {
      form.setFieldsValue({
        target: plan.customerId ? 'customer' : 'tier',
        customerId: plan.customerId ?? undefined,
        tier: plan.tier ?? undefined,
        siteId: plan.customerId ? undefined : (plan.siteId ?? ALL_SITES),
        name: plan.name,
        cadence: plan.cadence,
        channel: plan.channel,
        ownerId: plan.ownerId ?? undefined,
        startDate: dayjs(plan.startDate),
        note: plan.note ?? undefined,
      });
    } else {
      form.setFieldsValue({ target: 'customer', customerId: presetCustomerId, cadence: 'monthly', channel: 'phone', ownerId: me.user.id, startDate: dayjs(today), siteId: ALL_SITES, tier: 'vip' });
    }
  }, [open, plan, presetCustomerId, form, me.user.id, today]);

  const preview = useMemo(() => {
    const start = startDate?.format?.('YYYY-MM-DD');
    if (!start || !cadence || !isValidDate(start)) return [];
    return nextOccurrences(start, cadence, start > today ? start : today, PREVIEW);
  }, [startDate, cadence, today]);

  const submit = async (values: PlanForm) => {
    const common: PlanInput = {
      name: values.name.trim(),
      cadence: values.cadence,
      channel: values.channel,
      ownerId: values.ownerId,
      startDate: values.startDate.format('YYYY-MM-DD'),
    };
    const siteId = values.siteId === ALL_SITES || !values.siteId ? null : values.siteId;
    try {
      if (plan) {
        await save.mutateAsync({ id: plan.id, body: { ...common, note: values.note?.trim() || null, ...(plan.customerId ? {} : { tier: values.tier, siteId }), version: plan.version } });
      } else {
        const targetFields = values.target === 'customer' ? { customerId: values.customerId } : { tier: values.tier, siteId };
        await save.mutateAsync({ body: { ...common, ...targetFields, note: values.note?.trim() || undefined } });
      }
      message.success(t('common.saved'));
      onClose();
    } catch (error) {
      const text = showFormErrors(form, t, error);
      if (text) message.error(text);
    }
  };

  const customerOptions = [
    ...(customer && !customers.data?.items.some((c) => c.id === customer.id) ? [{ value: customer.id, label: `${customer.name} · ${customer.siteName}` }] : []),
    ...(plan?.customerId ? [{ value: plan.customerId, label: plan.customerName ?? '' }] : []),
    ...(customers.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${c.phone} · ${c.siteName}` })),
  ];
  const ownerOptions = [
    ...(plan?.ownerId && !owners.data?.items.some((u) => u.id === plan.ownerId) ? [{ value: plan.ownerId, label: plan.ownerName ?? '' }] : []),
    ...(!plan && !owners.data?.items.some((u) => u.id === me.user.id) ? [{ value: me.user.id, label: me.user.name }] : []),
    ...(owners.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} · ${u.username}` })),
  ];
  const required = { required: true, message: t('errors.validation.required') };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={560}
      title={plan ? t('plans.edit') : t('plans.create')}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="plan-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="target" label={t('plans.target')}>
          <Radio.Group
            disabled={Boolean(plan)}
            optionType="button"
            options={[
              { value: 'customer', label: t('plans.targetCustomer') },
              { value: 'tier', label: t('plans.targetTier') },
            ]}
          />
        </Form.Item>
        {target === 'customer' ? (
          <Form.Item name="customerId" label={t('plans.customer')} rules={[required]}>
            <Select
              disabled={Boolean(plan)}
              showSearch={{ filterOption: false, onSearch: setCustomerSearch }}
              loading={customers.isFetching}
              placeholder={t('plans.customerSearch')}
              options={customerOptions}
            />
          </Form.Item>
        ) : (
          <Row gutter={12}>
            <Col span={10}>
              <Form.Item name="tier" label={t('plans.tier')} rules={[required]}>
                <Select options={CUSTOMER_TIERS.map((value) => ({ value, label: t(`tiers.${value}`) }))} />
              </Form.Item>
            </Col>
            <Col span={14}>
              <Form.Item name="siteId" label={t('plans.site')} extra={t('plans.siteHint')}>
                <SiteTreeSelect allowClear={false} extraOption={{ value: ALL_SITES, title: t('plans.allSites') }} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item name="name" label={t('plans.name')} rules={[{ ...required, whitespace: true }, { max: 100, message: t('errors.validation.too_big') }]}>
          <Input placeholder={t('plans.namePlaceholder')} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="cadence" label={t('plans.cadence')} rules={[required]}>
              <Select options={CADENCES.map((value) => ({ value, label: t(`plans.cadences.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="channel" label={t('plans.channel')} rules={[required]}>
              <Select options={CONTACT_CHANNELS.map((value) => ({ value, label: t(`plans.channels.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="ownerId" label={t('plans.owner')} rules={[required]}>
              <Select showSearch={{ filterOption: false, onSearch: setOwnerSearch }} loading={owners.isFetching} options={ownerOptions} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="startDate" label={t('plans.startDate')} rules={[required]} extra={t('plans.startDateHint')}>
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('plans.note')} rules={[{ max: 1000, message: t('errors.validation.too_big') }]}>
          <Input.TextArea rows={2} placeholder={t('plans.notePlaceholder')} />
        </Form.Item>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('plans.preview')}
      </Typography.Title>
      {preview.length ? (
        <List
          size="small"
          bordered
          data-testid="plan-preview"
          dataSource={preview}
          renderItem={(o, i) => (
            <List.Item extra={<Typography.Text type="secondary">{o.period}</Typography.Text>}>
              {t('plans.previewItem', { n: i + 1, date: o.date, weekday: dayjs(o.date).format('dd') })}
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('plans.previewHint')}
      </Typography.Paragraph>
    </Drawer>
  );
}
