import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, downloadFile } from '../../api/client';
import { errorText } from '../../components/errors';

/** What the server reports for a checked or imported file (see responses-import.ts). */
interface ImportReport {
  accepted: number;
  rejected: number;
  errors: { row: number; key: string; code: string; message: string }[];
}

function useImportResponses(surveyId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, dryRun }: { file: File; dryRun: boolean }): Promise<ImportReport> => {
      const form = new FormData();
      form.append('file', file, file.name);
      try {
        return await api.post<ImportReport>(`/surveys/${surveyId}/responses/import${dryRun ? '?dryRun=1' : ''}`, form);
      } catch (error) {
        // A refused import answers 400 with the same report as its details.
        const details = error instanceof ApiError ? (error.details as Partial<ImportReport> | undefined) : undefined;
        if (details && !Array.isArray(details) && Array.isArray(details.errors)) return { accepted: 0, rejected: details.rejected ?? 0, errors: details.errors };
        throw error;
      }
    },
    onSuccess: (_report, { dryRun }) => {
      if (!dryRun) void client.invalidateQueries({ queryKey: ['surveys'] });
    },
  });
}

/** Import of paper responses (check first, then import) and export of the responses, for a published version. */
export function ResponsesTransfer({ surveyId, canImport }: { surveyId: string; canImport: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const run = useImportResponses(surveyId);

  const codeText = (code: string) => t(`surveys.problems.${code}`, { defaultValue: t(`surveys.import.codes.${code}`, { defaultValue: code }) });
  const close = () => {
    setOpen(false);
    setFile(null);
    setReport(null);
    run.reset();
  };
  const check = async (f: File) => {
    setReport(null);
    try {
      setReport(await run.mutateAsync({ file: f, dryRun: true }));
    } catch (error) {
      message.error(errorText(t, error));
    }
  };
  const doImport = async () => {
    if (!file) return;
    try {
      const result = await run.mutateAsync({ file, dryRun: false });
      if (result.rejected === 0) {
        message.success(t('surveys.import.done', { n: result.accepted }));
        close();
      } else setReport(result);
    } catch (error) {
      message.error(errorText(t, error));
    }
  };
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      await downloadFile(`/surveys/${surveyId}/responses/export`, { format }, `survey-responses.${format}`);
    } catch (error) {
      message.error(errorText(t, error));
    } finally {
      setExporting(null);
    }
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {canImport ? (
          <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="import-responses">
            {t('surveys.import.button')}
          </Button>
        ) : null}
        <Button icon={<DownloadOutlined />} loading={exporting === 'xlsx'} onClick={() => void exportAs('xlsx')} data-testid="export-responses-xlsx">
          {t('surveys.export.xlsx')}
        </Button>
        <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} onClick={() => void exportAs('csv')} data-testid="export-responses-csv">
          {t('surveys.export.csv')}
        </Button>
      </Space>
      <Modal
        open={open}
        title={t('surveys.import.title')}
        width={760}
        onCancel={close}
        destroyOnHidden
        footer={
          <Space>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              disabled={!file || !report || report.rejected > 0 || report.accepted === 0}
              loading={run.isPending}
              onClick={() => void doImport()}
              data-testid="import-confirm"
            >
              {report && report.rejected === 0 ? t('surveys.import.confirm', { n: report.accepted }) : t('surveys.import.confirmPlain')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('surveys.import.hint')}</Typography.Paragraph>
        <Upload.Dragger
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            setFile(f);
            void check(f);
            return false;
          }}
          disabled={run.isPending}
          data-testid="import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{file ? file.name : t('surveys.import.drop')}</p>
          <p className="ant-upload-hint">{run.isPending ? t('surveys.import.checking') : t('surveys.import.formats')}</p>
        </Upload.Dragger>
        {report ? (
          <div style={{ marginTop: 16 }} data-testid="import-report">
            {report.rejected === 0 ? (
              <Alert type="success" showIcon title={t('surveys.import.allValid', { n: report.accepted })} />
            ) : (
              <Alert type="error" showIcon title={t('surveys.import.someInvalid', { accepted: report.accepted, rejected: report.rejected })} description={t('surveys.import.nothingWritten')} />
            )}
            {report.errors.length > 0 ? (
              <Table
                style={{ marginTop: 12 }}
                size="small"
                rowKey={(e) => `${e.row}:${e.key}:${e.code}`}
                dataSource={report.errors}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t('surveys.import.row'), dataIndex: 'row', width: 70, align: 'right' },
                  { title: t('surveys.import.column'), dataIndex: 'key', width: 160, render: (key: string) => <Typography.Text code>{key}</Typography.Text> },
                  { title: t('surveys.import.problem'), key: 'problem', render: (_, e) => codeText(e.code) },
                  { title: t('surveys.import.detail'), dataIndex: 'message', ellipsis: true },
                ]}
              />
            ) : null}
          </div>
        ) : null}
      </Modal>
    </>
  );
}
