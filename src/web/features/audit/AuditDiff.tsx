import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../shared/schemas/org';

function show(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Row {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

/** Before and after of an audited change, field by field; changed fields are highlighted. */
export function AuditDiff({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const { before, after } = event;
  if (before == null && after == null) return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;

  if ((before == null || isRecord(before)) && (after == null || isRecord(after))) {
    const b = before ?? {};
    const a = after ?? {};
    const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    const rows: Row[] = fields.map((field) => ({
      field,
      before: show(b[field]),
      after: show(a[field]),
      changed: before != null && after != null && show(b[field]) !== show(a[field]),
    }));
    return (
      <Table<Row>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={rows}
        rowClassName={(row) => (row.changed ? 'diff-changed' : '')}
        style={{ maxWidth: 900 }}
        columns={[
          { title: t('audit.field'), dataIndex: 'field', width: 160, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('audit.before'), dataIndex: 'before', render: (v: string) => <span className="audit-json">{v}</span> },
          { title: t('audit.after'), dataIndex: 'after', render: (v: string) => <span className="audit-json">{v}</span> },
        ]}
      />
    );
  }
  return (
    <div>
      <Typography.Text type="secondary">{t('audit.before')}</Typography.Text>
      <pre className="audit-json">{JSON.stringify(before, null, 2)}</pre>
      <Typography.Text type="secondary">{t('audit.after')}</Typography.Text>
      <pre className="audit-json">{JSON.stringify(after, null, 2)}</pre>
    </div>
  );
}
