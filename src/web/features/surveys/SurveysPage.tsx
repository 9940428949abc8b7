import { DownOutlined, FormOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Input, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { SURVEY_STATUSES, type SurveyListItem } from '../../../shared/schemas/surveys';
import { localized } from '../../../shared/surveys/definition';
import { SURVEY_TEMPLATES, type SurveyTemplate } from '../../../shared/surveys/templates';
import { useCreateSurvey, useCreateSurveyFromTemplate, useSurveys } from '../../api/surveys';
import { errorText } from '../../components/errors';
import { PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { useListParams } from '../../components/useListParams';
import { formatDateTime } from '../../format';
import { currentLocale } from '../../i18n';
import { blankDefinition } from './builder-model';

const FILTERS = ['q', 'status'] as const;

export function StatusTag({ status }: { status: SurveyListItem['status'] }) {
  const { t } = useTranslation();
  return <Tag color={status === 'published' ? 'green' : 'gold'}>{t(`surveys.status.${status}`)}</Tag>;
}

/** Every survey of the organisation (one row per survey, its versions listed), new ones from templates. */
export function SurveysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { can } = useSession();
  const canManage = can('surveys.manage');
  const canRespond = can('surveys.respond');
  const list = useListParams(FILTERS);
  const { q, status } = list.filters;
  const surveys = useSurveys({ page: list.page, pageSize: list.pageSize, q, status });
  const fromTemplate = useCreateSurveyFromTemplate();
  const create = useCreateSurvey();
  const locale = currentLocale();

  const start = async (template: SurveyTemplate | 'blank') => {
    try {
      const survey = template === 'blank' ? await create.mutateAsync(blankDefinition(t)) : await fromTemplate.mutateAsync(template);
      message.success(t('surveys.created'));
      navigate(`/surveys/${survey.id}`);
    } catch (error) {
      message.error(errorText(t, error));
    }
  };

  const columns: ColumnsType<SurveyListItem> = [
    {
      title: t('surveys.title'),
      key: 'title',
      render: (_, s) => (
        <Space direction="vertical" size={0}>
          <Link to={`/surveys/${s.id}`} data-testid="survey-title">
            {localized(s.title, locale)}
          </Link>
          {s.template ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`surveys.templates.${s.template}`)}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('surveys.statusLabel'), key: 'status', width: 100, render: (_, s) => <StatusTag status={s.status} /> },
    {
      title: t('surveys.versions'),
      key: 'versions',
      render: (_, s) => (
        <Space size={4} wrap>
          {s.versions.map((v) => (
            <Tooltip key={v.id} title={v.publishedAt ? t('surveys.publishedAt', { time: formatDateTime(v.publishedAt) }) : t('surveys.status.draft')}>
              <Link to={`/surveys/${v.id}`}>
                <Tag color={v.status === 'published' ? 'green' : 'gold'} style={{ marginInlineEnd: 0 }}>
                  {t('surveys.versionNo', { n: v.versionNo })}
                </Tag>
              </Link>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    { title: t('surveys.questionCount'), dataIndex: 'questionCount', width: 90, align: 'right' },
    { title: t('surveys.responseCount'), dataIndex: 'responseCount', width: 90, align: 'right' },
    { title: t('surveys.updatedAt'), key: 'updatedAt', width: 170, render: (_, s) => formatDateTime(s.updatedAt) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, s) => {
        const published = s.versions.find((v) => v.status === 'published');
        return (
          <Space>
            <Link to={`/surveys/${s.id}`}>{canManage && s.status === 'draft' ? t('common.edit') : t('surveys.open')}</Link>
            {canRespond && published ? (
              <Link to={`/surveys/${published.id}/entry`} data-testid="survey-enter">
                {t('surveys.enter')}
              </Link>
            ) : null}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title={t('surveys.pageTitle')}
        extra={
          canManage ? (
            <Space>
              <Dropdown
                menu={{
                  items: SURVEY_TEMPLATES.map((tpl) => ({ key: tpl, label: <span data-testid={`template-${tpl}`}>{t(`surveys.templates.${tpl}`)}</span> })),
                  onClick: ({ key }) => void start(key as SurveyTemplate),
                }}
              >
                <Button icon={<FormOutlined />} loading={fromTemplate.isPending} data-testid="from-template">
                  {t('surveys.fromTemplate')} <DownOutlined />
                </Button>
              </Dropdown>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => void start('blank')} loading={create.isPending}>
                {t('surveys.new')}
              </Button>
            </Space>
          ) : null
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={t('surveys.searchPlaceholder')} defaultValue={q} onSearch={(v) => list.setFilters({ q: v || undefined })} style={{ width: 260 }} />
          <Select
            allowClear
            placeholder={t('surveys.statusLabel')}
            value={status}
            onChange={(v) => list.setFilters({ status: v })}
            options={SURVEY_STATUSES.map((s) => ({ value: s, label: t(`surveys.status.${s}`) }))}
            style={{ width: 140 }}
          />
        </Space>
        {surveys.isError ? <QueryError error={surveys.error} /> : null}
        <PagedTable<SurveyListItem>
          query={surveys}
          list={list}
          columns={columns}
          scroll={{ x: 900 }}
          locale={{ emptyText: canManage ? t('surveys.emptyManager') : t('surveys.empty') }}
        />
      </Card>
    </>
  );
}
