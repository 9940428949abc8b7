import { Alert, App, Button, Card, Col, DatePicker, Grid, Result, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LOCALES, type Locale } from '../../../shared/roles';
import { type Answers, validateAnswers, visibleAnswers } from '../../../shared/surveys/answers';
import { localized } from '../../../shared/surveys/definition';
import { ApiError } from '../../api/client';
import { useCustomers } from '../../api/customers';
import { useCreateSurveyResponse, useSurvey } from '../../api/surveys';
import { errorText } from '../../components/errors';
import { FullPageSpin } from '../../components/FullPageSpin';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { currentLocale } from '../../i18n';
import { AnswerForm } from './AnswerForm';

const STAFF_CHANNELS = ['phone', 'paper', 'visit'] as const;

/** Picks one of the site's customers by name or phone (optional: many paper forms are anonymous). */
function CustomerPicker({ siteId, value, onChange }: { siteId?: string; value?: string; onChange: (id: string | undefined) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const customers = useCustomers({ siteId, q: q || undefined, pageSize: 20 }, Boolean(siteId));
  return (
    <Select
      showSearch
      allowClear
      disabled={!siteId}
      value={value}
      onChange={onChange}
      onSearch={setQ}
      filterOption={false}
      loading={customers.isFetching}
      placeholder={siteId ? t('surveys.entry.customerPlaceholder') : t('surveys.entry.siteFirst')}
      options={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${c.phone}${c.unit ? ` · ${c.unit}` : ''}` }))}
      style={{ width: '100%' }}
      data-testid="entry-customer"
    />
  );
}

/** Staff entry: an agent records an answer given by phone, on paper or at a visit, for a site and optionally a customer. */
export function SurveyEntryPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const survey = useSurvey(id);
  const screens = Grid.useBreakpoint();
  const submit = useCreateSurveyResponse(id ?? '');
  const [siteId, setSiteId] = useState<string>();
  const [customerId, setCustomerId] = useState<string>();
  const [channel, setChannel] = useState<(typeof STAFF_CHANNELS)[number]>('phone');
  const [submittedAt, setSubmittedAt] = useState<Dayjs | null>(null);
  const [locale, setLocale] = useState<Locale>(currentLocale());
  const [answers, setAnswers] = useState<Answers>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [siteProblem, setSiteProblem] = useState(false);
  const [done, setDone] = useState(0);
  const definition = survey.data?.definition;

  const liveProblems = useMemo(() => {
    // After a first attempt, problems follow the answers as they are corrected.
    if (!definition || Object.keys(problems).length === 0) return problems;
    return Object.fromEntries(validateAnswers(definition, visibleAnswers(definition, answers)).map((p) => [p.key, p.code]));
  }, [definition, answers, problems]);

  if (survey.isError) return <QueryError error={survey.error} />;
  if (!survey.data || !definition) return <FullPageSpin />;
  if (survey.data.status !== 'published') {
    return <Result status="warning" title={t('surveys.entry.notPublished')} extra={<Link to={`/surveys/${survey.data.id}`}>{t('surveys.entry.backToSurvey')}</Link>} />;
  }

  const onSubmit = async () => {
    const kept = visibleAnswers(definition, answers);
    const found = validateAnswers(definition, kept);
    setSiteProblem(!siteId);
    if (found.length || !siteId) {
      setProblems(Object.fromEntries(found.map((p) => [p.key, p.code])));
      if (found.length) document.querySelector(`[data-testid="q-${found[0].key}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      message.error(t('surveys.entry.fixProblems'));
      return;
    }
    try {
      await submit.mutateAsync({ siteId, customerId: customerId ?? null, channel, locale, submittedAt: submittedAt?.toISOString(), answers: kept });
      message.success(t('surveys.entry.saved'));
      setDone((n) => n + 1);
      setAnswers({});
      setProblems({});
      setCustomerId(undefined);
      window.scrollTo({ top: 0 });
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length) {
        const byKey = Object.fromEntries(error.fieldErrors.filter((d) => d.path.startsWith('answers.')).map((d) => [d.path.slice('answers.'.length), d.code ?? d.message]));
        setProblems(byKey);
      }
      message.error(errorText(t, error));
    }
  };

  return (
    <>
      <PageHeader title={t('surveys.entry.title')} extra={<Link to={`/surveys/${survey.data.id}`}>{t('surveys.entry.backToSurvey')}</Link>} />
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="entry-survey-title">
          {localized(definition.title, currentLocale())} · {t('surveys.versionNo', { n: survey.data.versionNo })}
        </Typography.Title>
        {done > 0 ? <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('surveys.entry.savedCount', { n: done })} data-testid="entry-saved" /> : null}
        <Row gutter={[16, 12]}>
          <Col xs={24} md={12} lg={6}>
            <Typography.Text type="secondary">{t('surveys.entry.site')} *</Typography.Text>
            <SiteTreeSelect
              value={siteId}
              onChange={(v) => {
                setSiteId(v);
                setCustomerId(undefined);
                setSiteProblem(false);
              }}
              activeOnly
              style={{ width: '100%' }}
              id="entry-site"
            />
            {siteProblem ? <Typography.Text type="danger">{t('surveys.entry.siteRequired')}</Typography.Text> : null}
          </Col>
          <Col xs={24} md={12} lg={6}>
            <Typography.Text type="secondary">{t('surveys.entry.customer')}</Typography.Text>
            <CustomerPicker siteId={siteId} value={customerId} onChange={setCustomerId} />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Typography.Text type="secondary">{t('surveys.entry.channel')}</Typography.Text>
            <Select value={channel} onChange={setChannel} options={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`surveys.channels.${c}`) }))} style={{ width: '100%' }} data-testid="entry-channel" />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Typography.Text type="secondary">{t('surveys.entry.language')}</Typography.Text>
            <Select value={locale} onChange={setLocale} options={LOCALES.map((l) => ({ value: l, label: t(`languages.${l}`) }))} style={{ width: '100%' }} />
          </Col>
          <Col xs={24} md={12} lg={4}>
            <Typography.Text type="secondary">{t('surveys.entry.answeredAt')}</Typography.Text>
            <DatePicker showTime value={submittedAt} onChange={setSubmittedAt} disabledDate={(d) => d.isAfter(dayjs(), 'day')} placeholder={t('surveys.entry.now')} style={{ width: '100%' }} />
          </Col>
        </Row>
      </Card>
      <Card>
        <AnswerForm key={done} definition={definition} locale={locale} value={answers} onChange={setAnswers} problems={liveProblems} narrow={!screens.md} />
        <Space style={{ marginTop: 8 }}>
          <Button type="primary" size="large" loading={submit.isPending} onClick={() => void onSubmit()} data-testid="entry-submit">
            {t('surveys.entry.submit')}
          </Button>
          <Button size="large" onClick={() => { setAnswers({}); setProblems({}); }}>
            {t('surveys.entry.clear')}
          </Button>
        </Space>
      </Card>
    </>
  );
}
