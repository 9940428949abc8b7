import { App, Button, Col, Drawer, Form, Input, Radio, Row, Select, Space } from 'antd';
import type { Rule } from 'antd/es/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizePhone } from '../../../shared/phone';
import { CASE_CHANNELS, CASE_PRIORITIES, CASE_TYPES, type CaseChannel, type CaseDetail, type CasePriority, type CaseType } from '../../../shared/schemas/cases';
import { useCreateCase, type CaseCreateInput } from '../../api/cases';
import { useCustomers } from '../../api/customers';
import { applyServerErrors, errorText } from '../../components/errors';
import { useSession } from '../../components/session';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';

type CustomerMode = 'new' | 'existing' | 'none';

interface CaseForm {
  type: CaseType;
  channel: CaseChannel;
  siteId: string;
  priority: CasePriority;
  customerMode: CustomerMode;
  customerId?: string;
  customer?: { name: string; phone: string };
  title: string;
  description: string;
}

interface Props {
  open: boolean;
  onClose: () => void;
  onCreated: (created: CaseDetail) => void;
}

/** Records a contact (phone, counter, visit …) as a new case, for a known customer or a new one. */
export function CaseFormDrawer({ open, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const [form] = Form.useForm<CaseForm>();
  const create = useCreateCase();
  const mode = Form.useWatch('customerMode', form) ?? 'new';
  const [search, setSearch] = useState('');
  const customers = useCustomers({ q: search.trim() || undefined, pageSize: 20 }, open && mode === 'existing');

  const required = { required: true, message: t('errors.validation.required') };
  const requiredText = { ...required, whitespace: true };
  const max = (n: number): Rule => ({ max: n, message: t('errors.validation.too_big') });
  const phoneRule: Rule = {
    validator: (_, value?: string) =>
      !value?.trim() || normalizePhone(value) ? Promise.resolve() : Promise.reject(new Error(t('errors.validation.invalid_phone'))),
  };

  // Someone working on one site records contacts for that site; offer it already chosen.
  const ownSites = [...new Set(me.roles.map((r) => r.siteId))];
  const initialValues: Partial<CaseForm> = {
    type: 'complaint',
    channel: 'phone',
    priority: 'normal',
    customerMode: 'new',
    siteId: ownSites.length === 1 && ownSites[0] ? ownSites[0] : undefined,
  };

  const submit = async (values: CaseForm) => {
    const body: CaseCreateInput = {
      type: values.type,
      channel: values.channel,
      siteId: values.siteId,
      priority: values.priority,
      title: values.title.trim(),
      description: values.description.trim(),
      ...(values.customerMode === 'existing' && values.customerId ? { customerId: values.customerId } : {}),
      ...(values.customerMode === 'new' && values.customer ? { customer: { name: values.customer.name.trim(), phone: values.customer.phone.trim() } } : {}),
    };
    try {
      const created = await create.mutateAsync(body);
      message.success(t('cases.createdMessage', { number: created.number }));
      onCreated(created);
    } catch (error) {
      if (!applyServerErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  return (
    <Drawer
      open={open}
      title={t('cases.create')}
      size={640}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<CaseForm> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initialValues}>
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item name="type" label={t('cases.type')} rules={[required]}>
              <Radio.Group optionType="button" options={CASE_TYPES.map((value) => ({ value, label: t(`cases.types.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="channel" label={t('cases.channel')} rules={[required]}>
              <Select options={CASE_CHANNELS.map((value) => ({ value, label: t(`cases.channels.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="priority" label={t('cases.priority')} rules={[required]}>
              <Radio.Group optionType="button" options={CASE_PRIORITIES.map((value) => ({ value, label: t(`cases.priorities.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="siteId" label={t('cases.site')} rules={[required]}>
              <SiteTreeSelect activeOnly allowClear={false} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="customerMode" label={t('cases.customer')}>
              <Radio.Group
                options={[
                  { value: 'new', label: t('cases.customerNew') },
                  { value: 'existing', label: t('cases.customerExisting') },
                  { value: 'none', label: t('cases.customerNone') },
                ]}
              />
            </Form.Item>
          </Col>
          {mode === 'new' ? (
            <>
              <Col span={12}>
                <Form.Item name={['customer', 'name']} label={t('cases.customerName')} rules={[requiredText, max(64)]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['customer', 'phone']} label={t('cases.customerPhone')} extra={t('cases.customerPhoneHint')} rules={[requiredText, phoneRule]}>
                  <Input placeholder="138 1234 5678" />
                </Form.Item>
              </Col>
            </>
          ) : null}
          {mode === 'existing' ? (
            <Col span={24}>
              <Form.Item name="customerId" label={t('cases.customerPick')} rules={[required]}>
                <Select
                  showSearch={{ filterOption: false, onSearch: setSearch }}
                  loading={customers.isFetching}
                  placeholder={t('cases.customerSearch')}
                  notFoundContent={customers.isFetching ? null : undefined}
                  options={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${c.phone} · ${c.siteName}` }))}
                />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={24}>
            <Form.Item name="title" label={t('cases.title')} rules={[requiredText, max(200)]}>
              <Input placeholder={t('cases.titlePlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={t('cases.description')} rules={[requiredText, max(5000)]}>
              <Input.TextArea rows={5} showCount maxLength={5000} placeholder={t('cases.descriptionPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
