import { App, Button, Checkbox, Col, Drawer, Form, Input, Radio, Row, Select, Space } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { normalizePhone } from '../../../shared/phone';
import { CUSTOMER_TIERS, type CustomerTier } from '../../../shared/roles';
import type { Customer } from '../../../shared/schemas/org';
import { useSaveCustomer, type CustomerInput } from '../../api/customers';
import { applyServerErrors, errorText } from '../../components/errors';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';

interface CustomerForm {
  name: string;
  phone: string;
  phone2?: string;
  siteId: string;
  tier: CustomerTier;
  unit?: string;
  address?: string;
  email?: string;
  tags: string[];
  consent: ('sms' | 'email' | 'survey')[];
  notes?: string;
}

interface Props {
  open: boolean;
  customer?: Customer;
  onClose: () => void;
}

export function CustomerFormDrawer({ open, customer, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CustomerForm>();
  const save = useSaveCustomer();
  const required = { required: true, whitespace: true, message: t('errors.validation.required') };
  const phoneRule: Rule = {
    validator: (_, value?: string) =>
      !value?.trim() || normalizePhone(value) ? Promise.resolve() : Promise.reject(new Error(t('errors.validation.invalid_phone'))),
  };
  const max = (n: number): Rule => ({ max: n, message: t('errors.validation.too_big') });

  const submit = async (values: CustomerForm) => {
    const text = (v?: string) => v?.trim() || undefined;
    const consent = { sms: values.consent.includes('sms'), email: values.consent.includes('email'), survey: values.consent.includes('survey') };
    const body: CustomerInput = customer
      ? {
          name: values.name,
          phone: values.phone,
          siteId: values.siteId,
          tier: values.tier,
          unit: values.unit?.trim() ?? '',
          address: values.address?.trim() ?? '',
          phone2: text(values.phone2) ?? null,
          email: text(values.email) ?? null,
          tags: values.tags,
          consent,
          notes: values.notes?.trim() ?? '',
          version: customer.version,
        }
      : {
          name: values.name,
          phone: values.phone,
          siteId: values.siteId,
          tier: values.tier,
          unit: text(values.unit),
          address: text(values.address),
          phone2: text(values.phone2),
          email: text(values.email),
          tags: values.tags,
          consent,
          notes: text(values.notes),
        };
    try {
      await save.mutateAsync({ id: customer?.id, body });
      message.success(t(customer ? 'common.saved' : 'common.created'));
      onClose();
    } catch (error) {
      if (!applyServerErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  const initialValues: Partial<CustomerForm> = customer
    ? {
        name: customer.name,
        phone: customer.phone,
        phone2: customer.phone2 ?? '',
        siteId: customer.siteId,
        tier: customer.tier,
        unit: customer.unit ?? '',
        address: customer.address ?? '',
        email: customer.email ?? '',
        tags: customer.tags,
        consent: (['sms', 'email', 'survey'] as const).filter((k) => customer.consent[k]),
        notes: customer.notes ?? '',
      }
    : { tier: 'ordinary', tags: [], consent: [] };

  return (
    <Drawer
      open={open}
      title={customer ? t('customers.edit') : t('customers.create')}
      size={600}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<CustomerForm> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initialValues}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('customers.name')} rules={[required, max(64)]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="tier" label={t('customers.tier')} rules={[{ required: true, message: t('errors.validation.required') }]}>
              <Radio.Group optionType="button" options={CUSTOMER_TIERS.map((tier) => ({ value: tier, label: t(`tiers.${tier}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('customers.phone')} extra={t('customers.phoneHint')} rules={[required, phoneRule]}>
              <Input placeholder="138 1234 5678" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone2" label={t('customers.phone2')} rules={[phoneRule]}>
              <Input placeholder="021-12345678" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="siteId" label={t('customers.site')} rules={[{ required: true, message: t('errors.validation.required') }]}>
              <SiteTreeSelect activeOnly allowClear={false} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="unit" label={t('customers.unit')} rules={[max(64)]}>
              <Input placeholder={t('customers.unitPlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t('customers.address')} rules={[max(200)]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="email" label={t('customers.email')} rules={[{ type: 'email', message: t('errors.validation.invalid_email') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="tags"
              label={t('customers.tags')}
              rules={[
                {
                  validator: (_, tags: string[] = []) =>
                    tags.length > 20 || tags.some((tag) => tag.length > 20) ? Promise.reject(new Error(t('errors.validation.too_big'))) : Promise.resolve(),
                },
              ]}
            >
              <Select mode="tags" tokenSeparators={[',', '，', '、']} placeholder={t('customers.tagsPlaceholder')} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="consent" label={t('customers.consent')} extra={t('customers.consentHint')}>
              <Checkbox.Group
                options={[
                  { value: 'sms', label: t('customers.consentSms') },
                  { value: 'email', label: t('customers.consentEmail') },
                  { value: 'survey', label: t('customers.consentSurvey') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('customers.notes')} rules={[max(1000)]}>
              <Input.TextArea rows={3} showCount maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
