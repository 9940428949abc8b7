import { FormOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Skeleton, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Locale } from '../../../shared/roles';
import { type Answers, validateAnswers, visibleAnswers } from '../../../shared/surveys/answers';
import { localized } from '../../../shared/surveys/definition';
import { type AnswerTarget, usePublicSurvey, useSubmitPublicAnswer } from '../../api/answer';
import { ApiError } from '../../api/client';
import { errorText } from '../../components/errors';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { applyLocale, currentLocale } from '../../i18n';
import { AnswerForm } from '../surveys/AnswerForm';

/** The language a customer's phone asks for: Traditional Chinese for zh-TW/HK/MO/Hant, English for en-*, Simplified Chinese otherwise. */
export function browserLocale(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]): Locale {
  for (const raw of languages) {
    const l = raw.toLowerCase();
    if (l.startsWith('zh')) return /hant|-tw|-hk|-mo/.test(l) ? 'zh-TW' : 'zh-CN';
    if (l.startsWith('en')) return 'en-US';
  }
  return 'zh-CN';
}

/** The customer-facing frame of the answer page: organisation, language switch, one phone-wide column. */
function AnswerLayout({ orgName, children }: { orgName?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="portal-page">
      <header className="portal-header">
        <Typography.Text strong className="portal-org" data-testid="answer-org">
          <FormOutlined /> {orgName ?? t('answer.brand')}
        </Typography.Text>
        <LanguageSwitch persist={false} />
      </header>
      <main className="portal-main">{children}</main>
    </div>
  );
}

/**
 * `/s/:token` (an invitation) and `/s/:orgSlug/:campaignId/:siteCode` (a campaign site's
 * anonymous link, the address of its QR code): the public survey, no sign-in. The page opens in
 * the phone's language; the switch changes the page and the survey texts together.
 */
export function AnswerPage() {
  const { token, orgSlug, campaignId, siteCode } = useParams();
  const target: AnswerTarget = token ? { token } : { orgSlug: orgSlug ?? '', campaignId: campaignId ?? '', siteCode: siteCode ?? '' };
  const { t } = useTranslation();
  const survey = usePublicSurvey(target);
  const submit = useSubmitPublicAnswer(target);
  const [answers, setAnswers] = useState<Answers>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<'thanks' | 'answered' | 'closed' | null>(null);
  const [submitError, setSubmitError] = useState<string>();

  // A link opened from a text message: the phone's language, not whatever this browser last used.
  useEffect(() => {
    const asked = new URLSearchParams(window.location.search).get('lang');
    applyLocale(asked === 'zh-CN' || asked === 'zh-TW' || asked === 'en-US' ? asked : browserLocale());
  }, []);
  const locale = currentLocale();
  const definition = survey.data?.state === 'open' ? survey.data.definition : undefined;

  const liveProblems = useMemo(() => {
    // After a first attempt, problems follow the answers as they are corrected.
    if (!definition || Object.keys(problems).length === 0) return problems;
    return Object.fromEntries(validateAnswers(definition, visibleAnswers(definition, answers)).map((p) => [p.key, p.code]));
  }, [definition, answers, problems]);

  if (survey.isPending) {
    return (
      <AnswerLayout>
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </AnswerLayout>
    );
  }
  if (survey.error) {
    const notFound = survey.error instanceof ApiError && (survey.error.status === 404 || survey.error.status === 400);
    return (
      <AnswerLayout>
        <Card>
          <Result
            status={notFound ? '404' : 'warning'}
            title={notFound ? t('answer.notFound') : errorText(t, survey.error)}
            subTitle={notFound ? t('answer.notFoundHint') : undefined}
            extra={notFound ? null : <Button onClick={() => void survey.refetch()}>{t('common.retry')}</Button>}
            data-testid="answer-not-found"
          />
        </Card>
      </AnswerLayout>
    );
  }

  const data = survey.data;
  const title = localized(data.definition.title, locale);
  const state = outcome ?? data.state;
  const heading = (
    <div style={{ marginBottom: 12 }}>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="answer-title">
        {title}
      </Typography.Title>
      <Typography.Text type="secondary" data-testid="answer-site">
        {data.site.name} · {t('answer.period', { from: data.campaign.startsOn, to: data.campaign.endsOn })}
      </Typography.Text>
    </div>
  );

  if (state !== 'open' || !definition) {
    const pages = {
      thanks: { status: 'success', title: t('answer.thanksTitle'), sub: (data.definition.thanks && localized(data.definition.thanks, locale)) || t('answer.thanksHint'), testId: 'answer-thanks' },
      answered: { status: 'info', title: t('answer.answeredTitle'), sub: t('answer.answeredHint'), testId: 'answer-answered' },
      closed: { status: 'warning', title: t('answer.closedTitle'), sub: t('answer.closedHint', { from: data.campaign.startsOn, to: data.campaign.endsOn }), testId: 'answer-closed' },
      open: { status: 'warning', title: t('answer.closedTitle'), sub: '', testId: 'answer-closed' },
    } as const;
    const p = pages[state];
    return (
      <AnswerLayout orgName={data.organization.name}>
        <Card>
          {heading}
          <Result status={p.status} title={p.title} subTitle={p.sub} data-testid={p.testId} style={{ padding: '24px 0 8px' }} />
        </Card>
      </AnswerLayout>
    );
  }

  const onSubmit = async () => {
    setSubmitError(undefined);
    const kept = visibleAnswers(definition, answers);
    const found = validateAnswers(definition, kept);
    if (found.length) {
      setProblems(Object.fromEntries(found.map((p) => [p.key, p.code])));
      setSubmitError(t('answer.fixProblems', { n: found.length }));
      document.querySelector(`[data-testid="q-${found[0].key}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      return;
    }
    try {
      await submit.mutateAsync({ locale, answers: kept });
      setOutcome('thanks');
      window.scrollTo({ top: 0 });
    } catch (error) {
      const codes = error instanceof ApiError ? error.fieldErrors.map((d) => d.code) : [];
      if (codes.includes('already_answered')) return setOutcome('answered');
      if (codes.includes('campaign_closed')) return setOutcome('closed');
      if (error instanceof ApiError) {
        const byKey = Object.fromEntries(error.fieldErrors.filter((d) => d.path.startsWith('answers.')).map((d) => [d.path.slice('answers.'.length), d.code ?? d.message]));
        if (Object.keys(byKey).length) {
          setProblems(byKey);
          setSubmitError(t('answer.fixProblems', { n: Object.keys(byKey).length }));
          document.querySelector(`[data-testid="q-${Object.keys(byKey)[0]}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
          return;
        }
      }
      setSubmitError(errorText(t, error));
    }
  };

  const description = definition.description ? localized(definition.description, locale) : '';
  return (
    <AnswerLayout orgName={data.organization.name}>
      <Card styles={{ body: { padding: '16px 14px' } }}>
        {heading}
        {description ? <Typography.Paragraph style={{ marginBottom: 8 }}>{description}</Typography.Paragraph> : null}
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 16 }}>
          {t('answer.requiredHint')}
        </Typography.Paragraph>
        <AnswerForm definition={definition} locale={locale} value={answers} onChange={setAnswers} problems={liveProblems} narrow disabled={submit.isPending} />
        {submitError ? <Alert type="error" showIcon title={submitError} style={{ marginBottom: 12 }} data-testid="answer-error" /> : null}
        <Button type="primary" size="large" block loading={submit.isPending} onClick={() => void onSubmit()} data-testid="answer-submit">
          {t('answer.submit')}
        </Button>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0, textAlign: 'center' }}>
          {t('answer.privacy')}
        </Typography.Paragraph>
      </Card>
    </AnswerLayout>
  );
}
