import { LinkOutlined } from '@ant-design/icons';
import { Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePortalForm } from '../../api/portal';

/** The public addresses of the organisation's portal, one for everyone and one per site (for QR codes on site). */
export function PortalLinksCard({ slug }: { slug: string }) {
  const { t } = useTranslation();
  // The same answer customers get, so the list shows exactly the sites they can choose.
  const form = usePortalForm(slug, undefined);
  const origin = window.location.origin;
  const rows = [
    { key: 'org', label: t('portal.links.organization'), url: `${origin}/p/${slug}` },
    ...(form.data?.sites ?? []).map((s) => ({ key: s.id, label: `${s.name}（${s.code}）`, url: `${origin}/p/${slug}/${encodeURIComponent(s.code)}` })),
  ];
  return (
    <Card title={t('portal.links.title')} style={{ maxWidth: 720, marginTop: 16 }} data-testid="portal-links">
      <Typography.Paragraph type="secondary">{t('portal.links.hint')}</Typography.Paragraph>
      <List
        size="small"
        loading={form.isPending}
        dataSource={rows}
        renderItem={(row) => (
          <List.Item style={{ paddingInline: 0 }}>
            <div style={{ minWidth: 0 }}>
              <Typography.Text strong>{row.label}</Typography.Text>
              <div>
                <Typography.Link href={row.url} target="_blank" rel="noopener" copyable={{ text: row.url }}>
                  <LinkOutlined /> {row.url}
                </Typography.Link>
              </div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
