import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Campaign, ProgressRow } from '../../../shared/schemas/campaigns';
import { useCampaign, useCampaignProgress } from '../../api/campaigns';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { currentLocale } from '../../i18n';
import { CampaignStatusTag } from './CampaignsPage';

function download(href: string, name: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
}

/** A site's anonymous link as a QR code, downloadable as SVG (print) or PNG. */
function SiteQr({ site, campaign }: { site: Campaign['sites'][number]; campaign: Campaign }) {
  const url = `${window.location.origin}${site.anonymousPath}`;
  const [svg, setSvg] = useState('');
  useEffect(() => {
    void QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(setSvg);
  }, [url]);
  const base = `${campaign.name}-${site.siteCode}`;
  return (
    <Card size="small" title={`${site.siteName}（${site.siteCode}）`} data-testid={`qr-${site.siteCode}`}>
      <div style={{ width: 160, height: 160, margin: '0 auto' }} dangerouslySetInnerHTML={{ __html: svg }} />
      {/* The whole link, wrapped: an ellipsis of one unbroken URL leaves nothing but "…". */}
      <Typography.Paragraph copyable={{ text: url }} style={{ fontSize: 12, marginTop: 8, wordBreak: 'break-all' }}>
        <a href={url} target="_blank" rel="noopener noreferrer" data-testid={`qr-link-${site.siteCode}`}>{url}</a>
      </Typography.Paragraph>
      <Space wrap>
        <Button size="small" icon={<DownloadOutlined />} disabled={!svg} onClick={() => download(URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })), `${base}.svg`)}>SVG</Button>
        <Button size="small" icon={<DownloadOutlined />} onClick={() => void QRCode.toDataURL(url, { width: 1024, margin: 2 }).then((png) => download(png, `${base}.png`))}>PNG</Button>
      </Space>
    </Card>
  );
}

/** One campaign: its survey and period, the live per-site progress, and each site's QR code. */
export function CampaignPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const campaign = useCampaign(id);
  const progress = useCampaignProgress(id);
  const locale = currentLocale();
  if (campaign.error) return <QueryError error={campaign.error} />;
  if (!campaign.data) return <Spin />;
  const c = campaign.data;
  const pct = (r: number | null) => (r === null ? '—' : (r * 100).toLocaleString(i18n.language, { maximumFractionDigits: 1 }) + '%');
  const columns: ColumnsType<ProgressRow & { key: string }> = [
    { title: t('campaigns.site'), dataIndex: 'siteName' },
    { title: t('campaigns.target'), dataIndex: 'target', align: 'right', render: (v: number | null) => v ?? '—' },
    { title: t('campaigns.invited'), dataIndex: 'invited', align: 'right' },
    { title: t('campaigns.invitedResponses'), dataIndex: 'invitedResponses', align: 'right' },
    { title: t('campaigns.anonymousResponses'), dataIndex: 'anonymousResponses', align: 'right' },
    { title: t('campaigns.responses'), dataIndex: 'responses', align: 'right' },
    {
      title: t('campaigns.responseRate'),
      dataIndex: 'responseRate',
      align: 'right',
      render: (r: number | null, row) => (
        <span title={row.rateBasis ? t(`campaigns.rateBasis.${row.rateBasis}`) : undefined}>
          {pct(r)}
        </span>
      ),
    },
  ];
  const rows = progress.data ? [...progress.data.sites.map((s) => ({ ...s, key: s.siteId })), { ...progress.data.total, siteId: '', siteName: t('campaigns.total'), key: 'total' }] : [];
  return (
    <>
      <PageHeader title={<Space>{c.name}<CampaignStatusTag status={c.status} /></Space>} />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('campaigns.survey')}>{`${c.surveyTitle[locale] || c.surveyTitle['zh-CN']} · v${c.versionNo}`}</Descriptions.Item>
          <Descriptions.Item label={t('campaigns.period')}>{`${c.startsOn} ~ ${c.endsOn}`}</Descriptions.Item>
          <Descriptions.Item label={t('campaigns.audience')}>
            {[
              c.audience.tiers?.length ? c.audience.tiers.map((tier) => t(`tiers.${tier}`)).join('、') : t('campaigns.allTiers'),
              c.audience.tags?.length ? c.audience.tags.join('、') : null,
              c.audience.sampleSize ? t('campaigns.samplePerSite', { n: c.audience.sampleSize }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('campaigns.progress')} style={{ marginBottom: 16 }}>
        <Alert type="info" showIcon message={t('campaigns.rateHelp')} style={{ marginBottom: 12 }} />
        {progress.error ? <QueryError error={progress.error} /> : null}
        <Table size="small" columns={columns} dataSource={rows} loading={progress.isLoading} pagination={false} scroll={{ x: true }} data-testid="campaign-progress" />
      </Card>
      <Card title={t('campaigns.qrTitle')} extra={<Typography.Text type="secondary">{t('campaigns.qrHelp')}</Typography.Text>}>
        <Row gutter={[16, 16]}>
          {c.sites.map((s) => (
            <Col key={s.siteId} xs={24} sm={12} md={8} lg={6}>
              <SiteQr site={s} campaign={c} />
            </Col>
          ))}
        </Row>
      </Card>
    </>
  );
}
