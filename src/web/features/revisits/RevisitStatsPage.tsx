import { DownloadOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REVISIT_STATS_GROUPS, type RevisitStatsGroup, type RevisitStatsRow } from '../../../shared/schemas/revisits';
import { exportRevisitStats, useRevisitStats } from '../../api/revisits';
import { errorText } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { useListParams } from '../../components/useListParams';
import { dayBoundary, nowInOrg } from '../../format';
import { currentLocale } from '../../i18n';
import { revisitChartOption } from './chart';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * Revisit figures per site, owner, case type or month over a period: due, finished, reached and
 * satisfied revisits with the completion, reach and satisfaction rates, a bar chart of the rates and
 * an Excel export with headers in the reader's language.
 */
export function RevisitStatsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useListParams(['groupBy', 'from', 'to', 'siteId'] as const);
  const groupBy = (REVISIT_STATS_GROUPS as readonly string[]).includes(list.filters.groupBy ?? '') ? (list.filters.groupBy as RevisitStatsGroup) : 'site';
  const fromDay = list.filters.from ?? nowInOrg().subtract(2, 'month').startOf('month').format('YYYY-MM-DD');
  const toDay = list.filters.to ?? nowInOrg().format('YYYY-MM-DD');
  const query = { groupBy, from: dayBoundary(fromDay, 'start'), to: dayjs(dayBoundary(toDay, 'end')).add(1, 'ms').toISOString(), siteId: list.filters.siteId, locale: currentLocale() };
  const stats = useRevisitStats(query);
  const [exporting, setExporting] = useState(false);

  const help = (key: string) => (
    <Space size={4}>
      {t(`revisits.figures.columns.${key}`)}
      <Tooltip title={t(`revisits.figures.help.${key}`)}>
        <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
      </Tooltip>
    </Space>
  );
  const columns: ColumnsType<RevisitStatsRow> = [
    { title: t(`revisits.figures.groups.${groupBy}`), dataIndex: 'label', render: (v: string, r) => (r.key === 'all' ? <Typography.Text strong>{v}</Typography.Text> : v) },
    { title: help('due'), dataIndex: 'due', align: 'right' },
    { title: help('done'), dataIndex: 'done', align: 'right' },
    { title: help('reached'), dataIndex: 'reached', align: 'right' },
    { title: help('satisfied'), dataIndex: 'satisfied', align: 'right' },
    { title: help('completionRate'), dataIndex: 'completionRate', align: 'right', render: percent },
    { title: help('reachRate'), dataIndex: 'reachRate', align: 'right', render: percent },
    { title: help('satisfactionRate'), dataIndex: 'satisfactionRate', align: 'right', render: (v: number | null) => <Typography.Text strong>{percent(v)}</Typography.Text> },
  ];
  const rows = stats.data ? [...stats.data.rows, ...(stats.data.rows.length ? [stats.data.total] : [])] : [];

  const runExport = async () => {
    setExporting(true);
    try {
      await exportRevisitStats(query);
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('revisits.figures.title')}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={runExport} data-testid="revisit-stats-export">
            {t('revisits.figures.export')}
          </Button>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<RevisitStatsGroup> value={groupBy} onChange={(v) => list.setFilters({ groupBy: v === 'site' ? undefined : v })} options={REVISIT_STATS_GROUPS.map((g) => ({ value: g, label: t(`revisits.figures.groups.${g}`) }))} />
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(fromDay), dayjs(toDay)]}
          onChange={(range) => range?.[0] && range[1] && list.setFilters({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })}
        />
        <SiteTreeSelect style={{ width: 220 }} value={list.filters.siteId} onChange={(v) => list.setFilters({ siteId: v })} placeholder={t('revisits.filters.allSites')} />
      </Space>
      <Typography.Paragraph type="secondary">{t('revisits.figures.intro')}</Typography.Paragraph>
      {stats.error ? <QueryError error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      {stats.data && stats.data.rows.some((r) => r.due > 0) ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <ReactEChartsCore echarts={echarts} option={revisitChartOption(stats.data.rows, (k) => t(`revisits.figures.columns.${k}`))} style={{ height: 280 }} notMerge />
        </Card>
      ) : null}
      <Table<RevisitStatsRow>
        size="middle"
        rowKey="key"
        data-testid="revisit-stats-table"
        loading={stats.isFetching}
        columns={columns}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('revisits.figures.empty') }}
        scroll={{ x: 860 }}
      />
    </>
  );
}
