import { EyeOutlined, FilePdfOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Empty, Image, Space, Tag, Tooltip, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isImageType, MAX_FILES_PER_UPLOAD } from '../../../shared/schemas/attachments';
import type { CaseDetail } from '../../../shared/schemas/cases';
import { formatBytes, staffAttachmentUrl, useUploadAttachments } from '../../api/attachments';
import { errorText } from '../../components/errors';
import { formatDateTime } from '../../format';

/** The case's files: thumbnails for images, links for PDF, who sent them and whether the customer sees them; upload for those who work the case. */
export function AttachmentsPanel({ detail, canWrite }: { detail: CaseDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadAttachments(detail.id);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [isPublic, setIsPublic] = useState(false);
  const open = detail.status !== 'merged' && detail.status !== 'cancelled';

  const send = async () => {
    const chosen = files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => Boolean(f));
    if (!chosen.length) return;
    try {
      const { items } = await upload.mutateAsync({ files: chosen, isPublic });
      setFiles([]);
      message.success(t('attachments.uploaded', { count: items.length }));
    } catch (error) {
      message.error(errorText(t, error));
    }
  };

  return (
    <Card size="small" title={t('attachments.count', { count: detail.attachments.length })} style={{ marginBottom: 16 }} data-testid="attachments-panel">
      {detail.attachments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attachments.empty')} style={{ margin: '8px 0' }} />
      ) : (
        <Image.PreviewGroup>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {detail.attachments.map((a) => (
              <div key={a.id} style={{ display: 'flex', gap: 10, alignItems: 'center' }} data-testid="attachment-item">
                {isImageType(a.contentType) ? (
                  <Image src={staffAttachmentUrl(detail.id, a.id)} alt={a.fileName} width={56} height={56} style={{ objectFit: 'cover', borderRadius: 4 }} />
                ) : (
                  <div style={{ width: 56, height: 56, display: 'grid', placeItems: 'center', background: '#fafafa', borderRadius: 4, fontSize: 24, color: '#cf1322' }}>
                    <FilePdfOutlined />
                  </div>
                )}
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Typography.Link href={staffAttachmentUrl(detail.id, a.id)} target="_blank" rel="noopener" ellipsis style={{ display: 'block' }}>
                    {a.fileName}
                  </Typography.Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatBytes(a.size)} · {a.uploadedById ? (a.uploadedByName ?? '') : t('attachments.fromCustomer')} · {formatDateTime(a.createdAt)}
                  </Typography.Text>
                  <div>
                    {a.public ? (
                      <Tag color="green" icon={<EyeOutlined />}>
                        {t('attachments.public')}
                      </Tag>
                    ) : (
                      <Tag>{t('attachments.internal')}</Tag>
                    )}
                  </div>
                </div>
              </div>
            ))}
          </div>
        </Image.PreviewGroup>
      )}
      {canWrite && open ? (
        <div style={{ borderTop: '1px solid rgba(5,5,5,0.06)', marginTop: 12, paddingTop: 12 }}>
          <Upload
            multiple
            maxCount={MAX_FILES_PER_UPLOAD}
            accept="image/jpeg,image/png,image/webp,image/gif,application/pdf"
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_FILES_PER_UPLOAD))}
          >
            <Button icon={<PaperClipOutlined />}>{t('attachments.choose')}</Button>
          </Upload>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0' }}>
            {t('attachments.rules')}
          </Typography.Paragraph>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <Tooltip title={t('attachments.publicHint')}>
              <Checkbox checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} data-testid="attachment-public">
                {t('attachments.public')}
              </Checkbox>
            </Tooltip>
            <Button type="primary" icon={<UploadOutlined />} disabled={!files.length} loading={upload.isPending} onClick={() => void send()}>
              {t('attachments.upload')}
            </Button>
          </Space>
        </div>
      ) : null}
    </Card>
  );
}
