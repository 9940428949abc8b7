import { CheckOutlined, EditOutlined, FormOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { LOCALES, type Locale } from '../../../shared/roles';
import type { SurveyResponse } from '../../../shared/schemas/surveys';
import type { Answers } from '../../../shared/surveys/answers';
import { allQuestions, definitionProblems, localized, type SurveyDefinition } from '../../../shared/surveys/definition';
import { ApiError } from '../../api/client';
import { usePublishSurvey, useSaveSurvey, useSurvey, useSurveyResponses } from '../../api/surveys';
import { errorText } from '../../components/errors';
import { FullPageSpin } from '../../components/FullPageSpin';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { formatDateTime } from '../../format';
import { currentLocale } from '../../i18n';
import { AnswerForm } from './AnswerForm';
import { ResponsesTransfer } from './ResponsesTransfer';
import { FollowUpCell, ResponseDrawer } from './ResponseFollowUps';
import { SurveyBuilder } from './SurveyBuilder';
import { StatusTag } from './SurveysPage';

/** A problem of the definition as a sentence: where (section, question) and what. */
function useProblemText(def: SurveyDefinition) {
  const { t } = useTranslation();
  return (path: string, code: string) => {
    const m = /^sections\.(\d+)(?:\.questions\.(\d+))?(?:\.(.*))?$/.exec(path);
    let where = t('surveys.builder.surveyTexts');
    if (m) {
      const section = def.sections[Number(m[1])];
      where = t('surveys.builder.sectionN', { n: Number(m[1]) + 1 });
      if (m[2] !== undefined && section?.questions[Number(m[2])]) where += ` · ${section.questions[Number(m[2])].key}`;
    }
    const lang = /(zh-CN|zh-TW|en-US)$/.exec(path)?.[1];
    const what = t(`surveys.defProblems.${code}`, { defaultValue: t('surveys.defProblems.invalid') });
    return `${where}${t('common.colon')}${what}${lang ? t('surveys.defProblems.inLanguage', { lang: t(`languages.${lang}`) }) : ''}`;
  };
}

/** The builder's preview: the answer form at phone or desktop width, in any of the three languages. */
export function SurveyPreview({ definition }: { definition: SurveyDefinition }) {
  const { t } = useTranslation();
  const [width, setWidth] = useState<'phone' | 'desktop'>('phone');
  const [locale, setLocale] = useState<Locale>(currentLocale());
  const [answers, setAnswers] = useState<Answers>({});
  return (
    <div>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={width}
          onChange={(v) => setWidth(v as 'phone' | 'desktop')}
          options={[
            { value: 'phone', label: t('surveys.preview.phone') },
            { value: 'desktop', label: t('surveys.preview.desktop') },
          ]}
          data-testid="preview-width"
        />
        <Select value={locale} onChange={setLocale} options={LOCALES.map((l) => ({ value: l, label: t(`languages.${l}`) }))} style={{ width: 140 }} />
        <Button onClick={() => setAnswers({})}>{t('surveys.preview.clear')}</Button>
      </Space>
      <div
        data-testid="preview-frame"
        style={{
          width: width === 'phone' ? 375 : '100%',
          maxWidth: width === 'phone' ? 375 : 880,
          margin: '0 auto',
          border: '1px solid #d9d9d9',
          borderRadius: width === 'phone' ? 20 : 8,
          padding: width === 'phone' ? '20px 14px' : '24px 32px',
          background: '#fff',
          maxHeight: 720,
          overflowY: 'auto',
        }}
      >
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {localized(definition.title, locale)}
        </Typography.Title>
        {definition.description ? <Typography.Paragraph type="secondary">{localized(definition.description, locale)}</Typography.Paragraph> : null}
        <AnswerForm definition={definition} locale={locale} value={answers} onChange={setAnswers} narrow={width === 'phone'} />
      </div>
    </div>
  );
}

function ResponsesTab({ surveyId }: { surveyId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const responses = useSurveyResponses(surveyId, page);
  const { can } = useSession();
  const survey = useSurvey(surveyId);
  const [openId, setOpenId] = useState<string | null>(null);
  const definition = survey.data?.definition as SurveyDefinition | undefined;
  return (
    <>
      <ResponsesTransfer surveyId={surveyId} canImport={can('surveys.respond')} />
      <ResponseDrawer response={responses.data?.items.find((r) => r.id === openId) ?? null} definition={definition} onClose={() => setOpenId(null)} />
      {responses.isError ? <QueryError error={responses.error} /> : null}
      <Table<SurveyResponse>
        rowKey="id"
        size="middle"
        loading={responses.isFetching}
        dataSource={responses.data?.items ?? []}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('surveys.responses.empty') }}
        scroll={{ x: 720 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: responses.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }), showTotal: (total) => t('common.total', { total }) }}
        columns={[
          { title: t('surveys.responses.submittedAt'), key: 'at', render: (_, r) => formatDateTime(r.submittedAt), width: 170 },
          { title: t('surveys.entry.site'), dataIndex: 'siteName' },
          { title: t('surveys.entry.customer'), key: 'customer', render: (_, r) => r.customerName ?? '—' },
          { title: t('surveys.entry.channel'), key: 'channel', render: (_, r) => t(`surveys.channels.${r.channel}`), width: 100 },
          { title: t('surveys.responses.enteredBy'), key: 'by', render: (_, r) => r.enteredBy?.name ?? '—' },
          { title: t('surveys.responses.answered'), key: 'n', render: (_, r) => Object.keys(r.answers).length, align: 'right', width: 90 },
          { title: t('surveys.followups.column'), key: 'followUps', render: (_, r) => <FollowUpCell response={r} definition={definition} /> },
        ]}
      />
    </>
  );
}

/** One survey version: the builder for a draft, a read-only view of a published version, its preview and responses. */
export function SurveyPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { can } = useSession();
  const survey = useSurvey(id);
  const save = useSaveSurvey();
  const publish = usePublishSurvey();
  const [draft, setDraft] = useState<SurveyDefinition | null>(null);
  const [editingPublished, setEditingPublished] = useState(false);
  const [tab, setTab] = useState('build');
  const locale = currentLocale();

  useEffect(() => {
    setDraft(null);
    setEditingPublished(false);
  }, [id]);

  const data = survey.data;
  const definition = draft ?? data?.definition;
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(data?.definition);
  const problems = useMemo(() => (definition ? definitionProblems(definition, { forPublish: true }) : []), [definition]);
  const problemText = useProblemText(definition ?? { title: { 'zh-CN': '', 'zh-TW': '', 'en-US': '' }, sections: [] });

  if (survey.isError) return <QueryError error={survey.error} onRetry={() => void survey.refetch()} />;
  if (!data || !definition) return <FullPageSpin />;

  const canManage = can('surveys.manage');
  const editable = canManage && (data.status === 'draft' || editingPublished);

  const onSave = async () => {
    if (!draft) return;
    try {
      const saved = await save.mutateAsync({ id: data.id, definition: draft, version: data.version });
      setDraft(null);
      if (saved.id !== data.id) {
        message.success(t('surveys.newVersionCreated', { n: saved.versionNo }));
        navigate(`/surveys/${saved.id}`);
      } else message.success(t('common.saved'));
    } catch (error) {
      const draftId = error instanceof ApiError && error.code === 'conflict' && error.details && !Array.isArray(error.details) ? error.details.draftId : undefined;
      if (typeof draftId === 'string') {
        modal.info({ title: t('surveys.draftExists'), onOk: () => navigate(`/surveys/${draftId}`) });
        return;
      }
      message.error(errorText(t, error));
    }
  };

  const onPublish = async () => {
    try {
      await publish.mutateAsync({ id: data.id, version: data.version });
      message.success(t('surveys.publishedOk'));
    } catch (error) {
      message.error(errorText(t, error));
    }
  };

  const publishedVersion = data.status === 'published' ? data : null;
  const pairs = allQuestions(definition).filter((q) => q.question.type === 'servqual_pair').length;

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="survey-heading">{localized(definition.title, locale)}</span>
            <StatusTag status={data.status} />
            <Tag>{t('surveys.versionNo', { n: data.versionNo })}</Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {data.versions.length > 1 ? (
              <Select
                value={data.id}
                onChange={(v) => navigate(`/surveys/${v}`)}
                options={data.versions.map((v) => ({ value: v.id, label: `${t('surveys.versionNo', { n: v.versionNo })} · ${t(`surveys.status.${v.status}`)}` }))}
                style={{ width: 150 }}
                aria-label={t('surveys.versions')}
              />
            ) : null}
            {publishedVersion && can('surveys.respond') ? (
              <Link to={`/surveys/${data.id}/entry`}>
                <Button icon={<FormOutlined />} data-testid="enter-response">
                  {t('surveys.enter')}
                </Button>
              </Link>
            ) : null}
            {canManage && data.status === 'published' && !editingPublished ? (
              <Button icon={<EditOutlined />} onClick={() => setEditingPublished(true)} data-testid="edit-new-version">
                {t('surveys.editAsNewVersion')}
              </Button>
            ) : null}
            {editable ? (
              <Button icon={<SaveOutlined />} disabled={!dirty} loading={save.isPending} onClick={() => void onSave()} data-testid="save-survey">
                {data.status === 'published' ? t('surveys.saveAsNewVersion') : t('common.save')}
              </Button>
            ) : null}
            {canManage && data.status === 'draft' ? (
              <Popconfirm title={t('surveys.publishConfirm')} onConfirm={() => void onPublish()} disabled={dirty || problems.length > 0}>
                <Button type="primary" icon={<CheckOutlined />} disabled={dirty || problems.length > 0} loading={publish.isPending} data-testid="publish-survey">
                  {t('surveys.publish')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('surveys.summary', { questions: allQuestions(definition).length, sections: definition.sections.length, responses: data.responseCount })}
        {pairs ? ` · ${t('surveys.servqualItems', { n: pairs })}` : ''}
        {data.publishedAt ? ` · ${t('surveys.publishedAt', { time: formatDateTime(data.publishedAt) })}` : ''}
      </Typography.Paragraph>
      {data.status === 'published' && !editingPublished ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('surveys.frozenHint')} /> : null}
      {editingPublished ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('surveys.newVersionHint')} /> : null}
      {editable && problems.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('surveys.problemsTitle', { n: problems.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {problems.slice(0, 8).map((p) => (
                <li key={p.path}>{problemText(p.path, p.code)}</li>
              ))}
              {problems.length > 8 ? <li>{t('surveys.moreProblems', { n: problems.length - 8 })}</li> : null}
            </ul>
          }
        />
      ) : null}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'build', label: editable ? t('surveys.tabs.build') : t('surveys.tabs.questions'), children: <SurveyBuilder value={definition} onChange={setDraft} disabled={!editable} /> },
            { key: 'preview', label: t('surveys.tabs.preview'), children: <SurveyPreview definition={definition} /> },
            ...(data.status === 'published' ? [{ key: 'responses', label: t('surveys.tabs.responses', { n: data.responseCount }), children: <ResponsesTab surveyId={data.id} /> }] : []),
          ]}
        />
      </Card>
    </>
  );
}
