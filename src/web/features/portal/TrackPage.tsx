import { CustomerServiceOutlined, FilePdfOutlined, SendOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Avatar, Button, Card, Descriptions, Empty, Image, Input, Result, Skeleton, Space, Steps, Tag, Typography, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { CaseStatus } from '../../../shared/cases/state-machine';
import { isImageType } from '../../../shared/schemas/attachments';
import type { PortalCaseView } from '../../../shared/schemas/portal';
import type { z } from 'zod';
import type { portalAttachmentSchema } from '../../../shared/schemas/portal';
import { ApiError } from '../../api/client';
import { portalAttachmentUrl, usePortalCase, usePortalReply } from '../../api/portal';
import { errorText } from '../../components/errors';
import { formatDateTime } from '../../format';
import { PhotoPicker, filesOf } from './PhotoPicker';
import { PortalLayout } from './PortalLayout';

/** Photos customers attach are small; a generous client-side cap avoids a round trip for a 40 MB camera file. */
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** The four steps a customer understands; the finer staff statuses fold into "in progress". */
function stepOf(status: CaseStatus): number {
  switch (status) {
    case 'new':
      return 0;
    case 'resolved':
      return 2;
    case 'closed':
      return 3;
    default:
      return 1;
  }
}

/** `/p/track/:number?token=`: the customer's private view of one request. */
export function TrackPage() {
  const { number = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { t } = useTranslation();
  const view = usePortalCase(number, token);

  if (token && view.isPending) {
    return (
      <PortalLayout>
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      </PortalLayout>
    );
  }
  if (!token || view.error || !view.data) {
    const notFound = !token || (view.error instanceof ApiError && view.error.status === 404);
    return (
      <PortalLayout>
        <Result
          status={notFound ? '404' : 'warning'}
          title={notFound ? t('portal.track.notFound') : errorText(t, view.error)}
          subTitle={notFound ? t('portal.track.notFoundHint') : undefined}
          extra={notFound ? null : <Button onClick={() => void view.refetch()}>{t('common.retry')}</Button>}
          data-testid="track-error"
        />
      </PortalLayout>
    );
  }
  return (
    <PortalLayout orgName={view.data.organizationName}>
      <TrackView view={view.data} token={token} />
    </PortalLayout>
  );
}

function TrackView({ view, token }: { view: PortalCaseView; token: string }) {
  const { t } = useTranslation();
  const steps = ['received', 'processing', 'resolved', 'closed'] as const;
  const finishedOtherwise = view.status === 'cancelled' || view.status === 'merged';
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card className="portal-card">
        <Space size={8} wrap align="center">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="track-number">
            {view.number}
          </Typography.Title>
          <Tag color="blue">{t(`portal.types.${view.type}`)}</Tag>
        </Space>
        <Typography.Paragraph strong style={{ margin: '8px 0 16px', fontSize: 16 }}>
          {view.title}
        </Typography.Paragraph>
        {finishedOtherwise ? (
          <Alert type="info" showIcon title={t(`portal.track.${view.status as 'cancelled' | 'merged'}`)} data-testid="track-status" data-status={view.status} />
        ) : (
          <div data-testid="track-status" data-status={view.status}>
            <Steps
              size="small"
              titlePlacement="vertical"
              responsive={false}
              current={stepOf(view.status)}
              status={view.status === 'closed' ? 'finish' : 'process'}
              items={steps.map((s) => ({ title: t(`portal.track.steps.${s}`) }))}
            />
          </div>
        )}
        {view.status === 'waiting_customer' ? <Alert type="warning" showIcon title={t('portal.track.waiting')} style={{ marginTop: 16 }} /> : null}
        {view.status === 'resolved' ? <Alert type="success" showIcon title={t('portal.track.resolvedHint')} style={{ marginTop: 16 }} /> : null}
        <Descriptions
          size="small"
          column={1}
          style={{ marginTop: 16 }}
          items={[
            { key: 'site', label: t('portal.track.site'), children: view.siteName },
            { key: 'created', label: t('portal.track.submittedAt'), children: formatDateTime(view.createdAt) },
            { key: 'updated', label: t('portal.track.updatedAt'), children: formatDateTime(view.updatedAt) },
          ]}
        />
      </Card>

      <Card className="portal-card" size="small" title={t('portal.track.yourRequest')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: view.attachments.length ? 12 : 0 }}>{view.description}</Typography.Paragraph>
        <Files files={view.attachments} number={view.number} token={token} />
      </Card>

      <Card className="portal-card" size="small" title={t('portal.track.conversation')}>
        {view.messages.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portal.track.noMessages')} />
        ) : (
          <div className="portal-conversation" data-testid="track-messages">
            {view.messages.map((m) => (
              <div key={m.id} className={`portal-message portal-message-${m.from}`} data-from={m.from}>
                <Avatar size="small" icon={m.from === 'staff' ? <CustomerServiceOutlined /> : <UserOutlined />} className="portal-message-avatar" />
                <div className="portal-bubble">
                  <div className="portal-bubble-meta">
                    {m.from === 'staff' ? (m.staffName ? t('portal.track.staff', { name: m.staffName }) : t('portal.track.staffAnonymous')) : t('portal.track.you')}
                    {' · '}
                    {formatDateTime(m.createdAt)}
                  </div>
                  {m.body ? <div className="portal-bubble-body">{m.body}</div> : null}
                  <Files files={m.attachments} number={view.number} token={token} />
                </div>
              </div>
            ))}
          </div>
        )}
        {view.canReply ? (
          <ReplyBox number={view.number} token={token} />
        ) : (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 16 }}
            title={t('portal.track.closed')}
            action={<Link to={`/p/${view.organizationSlug}`}>{t('portal.track.newRequest')}</Link>}
            data-testid="track-closed"
          />
        )}
      </Card>
    </Space>
  );
}

function Files({ files, number, token }: { files: z.infer<typeof portalAttachmentSchema>[]; number: string; token: string }) {
  if (files.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={8} style={{ marginTop: 8 }}>
        {files.map((f) =>
          isImageType(f.contentType) ? (
            <Image key={f.id} src={portalAttachmentUrl(number, token, f.id)} alt={f.fileName} width={88} height={88} style={{ objectFit: 'cover', borderRadius: 6 }} />
          ) : (
            <a key={f.id} href={portalAttachmentUrl(number, token, f.id)} download={f.fileName}>
              <FilePdfOutlined /> {f.fileName}
            </a>
          ),
        )}
      </Space>
    </Image.PreviewGroup>
  );
}

function ReplyBox({ number, token }: { number: string; token: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reply = usePortalReply(number, token);
  const [body, setBody] = useState('');
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const send = async () => {
    if (!body.trim()) return;
    try {
      await reply.mutateAsync({ body: body.trim(), photos: filesOf(photos) });
      setBody('');
      setPhotos([]);
      message.success(t('portal.track.sent'));
    } catch (error) {
      message.error(errorText(t, error));
    }
  };
  return (
    <div className="portal-reply" data-testid="track-reply">
      <Input.TextArea value={body} onChange={(e) => setBody(e.target.value)} rows={3} maxLength={5000} placeholder={t('portal.track.replyPlaceholder')} />
      <div style={{ marginTop: 8 }}>
        <PhotoPicker value={photos} onChange={setPhotos} maxBytes={PHOTO_MAX_BYTES} />
      </div>
      <Button type="primary" size="large" block icon={<SendOutlined />} loading={reply.isPending} disabled={!body.trim()} onClick={() => void send()}>
        {t('portal.track.send')}
      </Button>
    </div>
  );
}
