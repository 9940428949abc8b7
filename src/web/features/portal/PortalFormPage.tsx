import {
  BulbOutlined,
  CheckCircleFilled,
  CommentOutlined,
  CopyOutlined,
  FrownOutlined,
  LikeOutlined,
  QuestionCircleOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Select, Skeleton, Space, Typography, type UploadFile } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { normalizePhone } from '../../../shared/phone';
import type { CaseType } from '../../../shared/schemas/cases';
import type { PortalForm } from '../../../shared/schemas/portal';
import { formatBytes } from '../../api/attachments';
import { ApiError } from '../../api/client';
import { type PortalSubmission, trackingLink, usePortalForm, useSubmitPortalCase } from '../../api/portal';
import { applyServerErrors, errorText } from '../../components/errors';
import { currentLocale } from '../../i18n';
import { PhotoPicker, filesOf } from './PhotoPicker';
import { PortalLayout } from './PortalLayout';

const TYPE_ICONS: Record<CaseType, ReactNode> = {
  repair: <ToolOutlined />,
  complaint: <FrownOutlined />,
  inquiry: <QuestionCircleOutlined />,
  suggestion: <BulbOutlined />,
  praise: <LikeOutlined />,
  message: <CommentOutlined />,
};
/** The most frequent reasons first: customers mostly come to report something broken or to complain. */
const TYPE_ORDER: CaseType[] = ['repair', 'complaint', 'inquiry', 'suggestion', 'praise', 'message'];

/** The form's fields: the submission without the honeypot and photos, which the page keeps itself. */
type Values = Omit<PortalSubmission, 'type' | 'website' | 'photos'> & { type: CaseType };

/** `/p/:orgSlug` and `/p/:orgSlug/:siteCode`: the public form, no sign-in. */
export function PortalFormPage() {
  const { orgSlug = '', siteCode } = useParams();
  const { t } = useTranslation();
  const form = usePortalForm(orgSlug, siteCode);
  const [done, setDone] = useState<{ number: string; token: string; type: CaseType } | null>(null);

  if (form.isPending) {
    return (
      <PortalLayout>
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PortalLayout>
    );
  }
  if (form.error) {
    const notFound = form.error instanceof ApiError && form.error.status === 404;
    return (
      <PortalLayout>
        <Result
          status={notFound ? '404' : 'warning'}
          title={notFound ? t('portal.notFound') : errorText(t, form.error)}
          subTitle={notFound ? t('portal.notFoundHint') : undefined}
          extra={notFound ? null : <Button onClick={() => void form.refetch()}>{t('common.retry')}</Button>}
          data-testid="portal-error"
        />
      </PortalLayout>
    );
  }
  return (
    <PortalLayout orgName={form.data.organization.name}>
      {done ? (
        <SubmittedView {...done} onAnother={() => setDone(null)} />
      ) : (
        <RequestForm orgSlug={orgSlug} data={form.data} onDone={setDone} />
      )}
    </PortalLayout>
  );
}

function TypeCards({ value, onChange, types }: { value?: CaseType; onChange?: (v: CaseType) => void; types: CaseType[] }) {
  const { t } = useTranslation();
  return (
    <div className="portal-types" role="radiogroup" aria-label={t('portal.type')} data-testid="portal-types">
      {TYPE_ORDER.filter((type) => types.includes(type)).map((type) => (
        <button
          key={type}
          type="button"
          role="radio"
          aria-checked={value === type}
          className={`portal-type${value === type ? ' portal-type-selected' : ''}`}
          onClick={() => onChange?.(type)}
        >
          <span className="portal-type-icon">{TYPE_ICONS[type]}</span>
          <span className="portal-type-label">{t(`portal.types.${type}`)}</span>
          <span className="portal-type-hint">{t(`portal.typeHints.${type}`)}</span>
          {value === type ? <CheckCircleFilled className="portal-type-check" /> : null}
        </button>
      ))}
    </div>
  );
}

function RequestForm({ orgSlug, data, onDone }: { orgSlug: string; data: PortalForm; onDone: (d: { number: string; token: string; type: CaseType }) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const submit = useSubmitPortalCase(orgSlug);
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [retryHint, setRetryHint] = useState(false);
  const honeypot = useRef<HTMLInputElement>(null);
  const fixedSite = data.site;

  const onFinish = async (values: Values) => {
    setError(null);
    setRetryHint(false);
    try {
      const created = await submit.mutateAsync({
        ...values,
        siteId: fixedSite?.id ?? values.siteId,
        title: values.title?.trim() || undefined,
        consent: true,
        website: honeypot.current?.value ?? '',
        photos: filesOf(photos),
      });
      onDone({ number: created.number, token: created.trackingToken, type: values.type });
      window.scrollTo({ top: 0 });
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors.some((d) => d.path === 'website')) {
        // Only a browser that autofilled the hidden field gets here: clear it and let the person submit again.
        if (honeypot.current) honeypot.current.value = '';
        setRetryHint(true);
        return;
      }
      if (!applyServerErrors(form, t, e)) setError(e);
    }
  };

  return (
    <Card className="portal-card">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('portal.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.intro')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        size="large"
        requiredMark
        onFinish={onFinish}
        initialValues={{ type: 'repair', siteId: data.sites.length === 1 ? data.sites[0].id : undefined }}
        scrollToFirstError
      >
        <Form.Item name="type" label={t('portal.type')} rules={[{ required: true, message: t('errors.validation.required') }]}>
          <TypeCards types={data.types} />
        </Form.Item>
        {fixedSite ? (
          <Typography.Paragraph data-testid="portal-fixed-site">
            <Typography.Text type="secondary">{t('portal.siteFixed', { name: fixedSite.name })}</Typography.Text>
          </Typography.Paragraph>
        ) : (
          <Form.Item name="siteId" label={t('portal.site')} rules={[{ required: true, message: t('errors.validation.required') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('portal.sitePlaceholder')}
              options={data.sites.map((s) => ({ value: s.id, label: s.name }))}
              data-testid="portal-site"
            />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('portal.name')} rules={[{ required: true, whitespace: true, message: t('errors.validation.required') }]}>
          <Input maxLength={64} placeholder={t('portal.namePlaceholder')} autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('portal.phone')}
          validateTrigger="onBlur"
          rules={[
            { required: true, message: t('errors.validation.required') },
            { validator: async (_, v: string | undefined) => (!v || normalizePhone(v) ? undefined : Promise.reject(new Error(t('errors.validation.invalid_phone')))) },
          ]}
        >
          <Input type="tel" inputMode="tel" maxLength={32} placeholder={t('portal.phonePlaceholder')} autoComplete="tel" />
        </Form.Item>
        <Form.Item name="title" label={t('portal.subject')}>
          <Input maxLength={200} placeholder={t('portal.subjectPlaceholder')} />
        </Form.Item>
        <Form.Item name="description" label={t('portal.description')} rules={[{ required: true, whitespace: true, message: t('errors.validation.required') }]}>
          <Input.TextArea rows={5} maxLength={5000} showCount placeholder={t('portal.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item label={t('portal.photo')} extra={t('portal.photoHint', { size: formatBytes(data.maxFileBytes) })}>
          <PhotoPicker value={photos} onChange={setPhotos} maxBytes={data.maxFileBytes} />
        </Form.Item>
        {/* The honeypot: off-screen, skipped by the keyboard and by autofill; people never see it, robots fill it in. */}
        <div className="portal-hp" aria-hidden="true">
          <label htmlFor="portal-website">{t('portal.honeypot')}</label>
          <input ref={honeypot} id="portal-website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <Form.Item
          name="consent"
          valuePropName="checked"
          rules={[{ validator: async (_, v: boolean) => (v ? undefined : Promise.reject(new Error(t('errors.validation.consent_required')))) }]}
        >
          <Checkbox data-testid="portal-consent">
            <Typography.Text strong>{t('portal.consent')}</Typography.Text>
          </Checkbox>
        </Form.Item>
        <Typography.Paragraph type="secondary" className="portal-consent-text" data-testid="portal-consent-text">
          {data.consent[currentLocale()]}
        </Typography.Paragraph>
        {retryHint ? <Alert type="info" showIcon title={t('portal.retrySubmit')} style={{ marginBottom: 16 }} /> : null}
        {error ? <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} data-testid="portal-submit-error" /> : null}
        <Button type="primary" htmlType="submit" block loading={submit.isPending} data-testid="portal-submit">
          {t('portal.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function SubmittedView({ number, token, type, onAnother }: { number: string; token: string; type: CaseType; onAnother: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const link = trackingLink(number, token);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // Clipboard refused (plain http, old browsers): select the text so a long-press copies it.
      const node = document.querySelector<HTMLElement>('[data-testid=tracking-link]');
      if (node) window.getSelection()?.selectAllChildren(node);
    }
  };
  const path = `/p/track/${encodeURIComponent(number)}?token=${encodeURIComponent(token)}`;
  return (
    <Card className="portal-card" data-testid="portal-success">
      <Result
        status="success"
        title={t('portal.success')}
        subTitle={t('portal.successHint', { type: t(`portal.types.${type}`) })}
        style={{ paddingBottom: 8 }}
      />
      <div className="portal-number">
        <Typography.Text type="secondary">{t('portal.number')}</Typography.Text>
        <Typography.Title level={3} style={{ margin: '4px 0 0' }} copyable data-testid="portal-number">
          {number}
        </Typography.Title>
      </div>
      <Typography.Text type="secondary">{t('portal.trackingLink')}</Typography.Text>
      <div className="portal-link" data-testid="tracking-link">
        {link}
      </div>
      <Alert type="warning" showIcon title={t('portal.keepLink')} style={{ margin: '12px 0 16px' }} />
      <Space orientation="vertical" style={{ width: '100%' }} size={12}>
        <Button block size="large" icon={<CopyOutlined />} onClick={() => void copy()} data-testid="copy-link">
          {copied ? t('portal.linkCopied') : t('portal.copyLink')}
        </Button>
        <Link to={path}>
          <Button block size="large" type="primary" data-testid="open-tracking">
            {t('portal.openTracking')}
          </Button>
        </Link>
        <Button block type="link" onClick={onAnother}>
          {t('portal.submitAnother')}
        </Button>
      </Space>
    </Card>
  );
}
