import { App, Button, Card, Descriptions, Form, Input, Select, Skeleton } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganization, useSaveOrganization } from '../../api/organization';
import { applyServerErrors, errorText } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../format';
import { RESERVED_SLUGS } from '../../../shared/schemas/org';
import { PortalLinksCard } from '../portal/PortalLinksCard';
import { CompensationLimitsCard } from '../recovery/CompensationLimitsCard';

interface OrganizationForm {
  name: string;
  slug: string;
  timezone: string;
}

// The zones a Chinese service organisation is likely to need first; any IANA zone is accepted.
const COMMON_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Macau', 'Asia/Urumqi', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/New_York'];

/** Organisation settings: name, the URL slug of its public portal, and its time zone. */
export function OrganizationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrganizationForm>();
  const organization = useOrganization();
  const save = useSaveOrganization();
  const zones = useMemo(() => {
    const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : COMMON_ZONES;
    return [...new Set([...COMMON_ZONES, ...all])].map((zone) => ({ value: zone, label: zone }));
  }, []);

  const submit = async (values: OrganizationForm) => {
    try {
      await save.mutateAsync(values);
      message.success(t('common.saved'));
    } catch (error) {
      if (!applyServerErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  const org = organization.data;
  return (
    <>
      <PageHeader title={t('organization.title')} />
      <QueryError error={organization.error} onRetry={() => void organization.refetch()} />
      <Card style={{ maxWidth: 720 }}>
        {org ? (
          <>
            <Form<OrganizationForm>
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{ name: org.name, slug: org.slug, timezone: org.timezone }}
            >
              <Form.Item name="name" label={t('organization.name')} rules={[{ required: true, whitespace: true, message: t('errors.validation.required') }, { max: 100, message: t('errors.validation.too_big') }]}>
                <Input />
              </Form.Item>
              <Form.Item
                name="slug"
                label={t('organization.slug')}
                extra={t('organization.slugHint')}
                rules={[
                  { required: true, message: t('errors.validation.required') },
                  { pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, message: t('errors.validation.slug_format') },
                  { min: 2, max: 40, message: t('errors.validation.slug_format') },
                  { validator: async (_, value?: string) => (value && RESERVED_SLUGS.includes(value.trim()) ? Promise.reject(new Error(t('errors.validation.slug_reserved'))) : undefined) },
                ]}
              >
                <Input addonBefore="/p/" />
              </Form.Item>
              <Form.Item name="timezone" label={t('organization.timezone')} extra={t('organization.timezoneHint')} rules={[{ required: true, message: t('errors.validation.required') }]}>
                <Select showSearch options={zones} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Form>
            <Descriptions size="small" column={1} style={{ marginTop: 24 }}>
              <Descriptions.Item label={t('organization.createdAt')}>{formatDateTime(org.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('organization.updatedAt')}>{formatDateTime(org.updatedAt)}</Descriptions.Item>
            </Descriptions>
          </>
        ) : (
          <Skeleton active />
        )}
      </Card>
      {org ? <PortalLinksCard slug={org.slug} /> : null}
      <CompensationLimitsCard />
    </>
  );
}
