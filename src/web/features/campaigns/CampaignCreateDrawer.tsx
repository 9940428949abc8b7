import { App, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_TIERS } from '../../../shared/roles';
import type { CampaignCreated } from '../../../shared/schemas/campaigns';
import { useCreateCampaign } from '../../api/campaigns';
import { useSites } from '../../api/sites';
import { useSurveys } from '../../api/surveys';
import { applyServerErrors, errorText } from '../../components/errors';
import { currentLocale } from '../../i18n';

interface Values {
  name: string;
  surveyId: string;
  siteIds: string[];
  period: [Dayjs, Dayjs];
  tiers?: string[];
  tags?: string[];
  sampleSize?: number | null;
  targetPerSite?: number | null;
}

/** The invitation links are shown once: a CSV of name, site and link for mail merge or SMS. */
export function downloadInvitationLinks(created: CampaignCreated) {
  const origin = window.location.origin;
  const site = new Map(created.sites.map((s) => [s.siteId, s.siteName]));
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = ['customer,site,link', ...created.newInvitations.map((i) => [i.customerName, site.get(i.siteId) ?? '', `${origin}/s/${i.token}`].map(quote).join(','))];
  const blob = new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${created.name}-invitations.csv`;
  a.click();
  URL.revokeObjectURL(a.href);
}

export function CampaignCreateDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const surveys = useSurveys({ pageSize: 200 });
  const sites = useSites({ pageSize: 200 });
  const create = useCreateCampaign();
  const locale = currentLocale();
  // Campaigns answer a published version: the newest published version of each survey.
  const surveyOptions = (surveys.data?.items ?? []).flatMap((s) => {
    const published = s.versions.find((v) => v.status === 'published');
    return published ? [{ value: published.id, label: `${s.title[locale] || s.title['zh-CN']} · v${published.versionNo}` }] : [];
  });
  const siteOptions = (sites.data?.items ?? []).filter((s) => s.kind === 'site' && s.active).map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }));

  const submit = async (v: Values) => {
    try {
      const created = await create.mutateAsync({
        name: v.name,
        surveyId: v.surveyId,
        siteIds: v.siteIds,
        startsOn: v.period[0].format('YYYY-MM-DD'),
        endsOn: v.period[1].format('YYYY-MM-DD'),
        audience: { ...(v.tiers?.length ? { tiers: v.tiers } : {}), ...(v.tags?.length ? { tags: v.tags } : {}), ...(v.sampleSize ? { sampleSize: v.sampleSize } : {}) },
        targetPerSite: v.targetPerSite ?? null,
      });
      form.resetFields();
      onClose();
      message.success(t('campaigns.created', { name: created.name }));
      if (created.newInvitations.length) {
        modal.info({
          title: t('campaigns.invitationsTitle', { count: created.newInvitations.length }),
          content: t('campaigns.invitationsOnce'),
          okText: t('campaigns.downloadLinks'),
          onOk: () => downloadInvitationLinks(created),
        });
      }
      onCreated(created.id);
    } catch (error) {
      if (!applyServerErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('campaigns.create')}
      width={520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="campaign-submit">
            {t('campaigns.createSubmit')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('campaigns.name')} rules={[{ required: true, max: 100 }]}>
          <Input placeholder={t('campaigns.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="surveyId" label={t('campaigns.survey')} rules={[{ required: true }]} extra={t('campaigns.surveyHelp')}>
          <Select options={surveyOptions} loading={surveys.isLoading} data-testid="campaign-survey" />
        </Form.Item>
        <Form.Item name="siteIds" label={t('campaigns.sites')} rules={[{ required: true }]}>
          <Select mode="multiple" options={siteOptions} loading={sites.isLoading} optionFilterProp="label" data-testid="campaign-sites" />
        </Form.Item>
        <Form.Item name="period" label={t('campaigns.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="tiers" label={t('campaigns.tiers')} extra={t('campaigns.audienceHelp')}>
          <Select mode="multiple" allowClear options={CUSTOMER_TIERS.map((tier) => ({ value: tier, label: t(`tiers.${tier}`) }))} />
        </Form.Item>
        <Form.Item name="tags" label={t('campaigns.tags')}>
          <Select mode="tags" allowClear tokenSeparators={[',', '，']} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="sampleSize" label={t('campaigns.sampleSize')} tooltip={t('campaigns.sampleSizeHelp')}>
            <InputNumber min={1} max={100000} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="targetPerSite" label={t('campaigns.targetPerSite')}>
            <InputNumber min={0} max={1000000} style={{ width: 180 }} />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}
