import { CheckOutlined, CloseOutlined, EditOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTRIBUTION_CLASSES } from '../../../shared/schemas/causes';
import type { CaseDetail } from '../../../shared/schemas/cases';
import { COMPENSATION_TYPES, type CompensationType, EXPLANATION_METHODS, MONEY_COMPENSATION, type Recovery } from '../../../shared/schemas/recovery';
import { useDecideRecovery, useSaveRecovery } from '../../api/recovery';
import { applyServerErrors } from '../../components/errors';
import { formatDateTime } from '../../format';
import { formatFen, formatMinutes, yuanToFen } from './money';

const STATUS_COLOR: Record<Recovery['status'], string> = { approved: 'green', pending_approval: 'gold', rejected: 'red' };

interface FormValues {
  attributionClass: 1 | 2 | 3 | 4;
  failureReportedAt: Dayjs;
  explained: boolean;
  givenAt?: Dayjs;
  method?: string;
  text?: string;
  type: CompensationType;
  amountYuan?: number;
  note?: string;
}

interface Props {
  detail: CaseDetail;
  canWrite: boolean;
  onFailed: (error: unknown) => void;
}

/** Service recovery on the case: attribution, explanation, compensation within one's limit, and approval above it. */
export function RecoveryPanel({ detail, canWrite, onFailed }: Props) {
  const { t } = useTranslation();
  const recovery = detail.recovery;
  const editable = canWrite && detail.status !== 'merged' && detail.status !== 'cancelled';
  const [editing, setEditing] = useState(false);
  if (!recovery && !editable) return null;

  return (
    <Card
      size="small"
      title={
        <Space size={8}>
          <MedicineBoxOutlined />
          {t('recovery.title')}
          {recovery ? (
            <Tag color={STATUS_COLOR[recovery.status]} data-testid="recovery-status">
              {t(`recovery.statuses.${recovery.status}`)}
            </Tag>
          ) : null}
        </Space>
      }
      extra={
        recovery && editable && !editing ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('recovery.edit')}
          </Button>
        ) : null
      }
      style={{ marginBottom: 16 }}
      data-testid="recovery-panel"
    >
      {editing || (!recovery && editable) ? (
        <RecoveryForm detail={detail} onDone={() => setEditing(false)} onCancel={recovery ? () => setEditing(false) : undefined} onFailed={onFailed} />
      ) : recovery ? (
        <RecoveryView detail={detail} recovery={recovery} onFailed={onFailed} />
      ) : null}
    </Card>
  );
}

function RecoveryView({ detail, recovery, onFailed }: { detail: CaseDetail; recovery: Recovery; onFailed: (error: unknown) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const decide = useDecideRecovery(detail.id);
  const [verdict, setVerdict] = useState<'approve' | 'reject' | null>(null);
  const [note, setNote] = useState('');
  const c = recovery.compensation;

  const submit = async () => {
    if (!verdict) return;
    try {
      await decide.mutateAsync({ verdict, note: note.trim() || undefined, version: recovery.version });
      message.success(t(verdict === 'approve' ? 'recovery.approved' : 'recovery.rejected'));
      setVerdict(null);
      setNote('');
    } catch (error) {
      setVerdict(null);
      onFailed(error);
    }
  };

  return (
    <>
      {recovery.status === 'pending_approval' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('recovery.awaiting', { amount: formatFen(c.amountFen) })}
          action={
            recovery.canDecide ? (
              <Space orientation="vertical" size={4}>
                <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => setVerdict('approve')} data-testid="recovery-approve">
                  {t('recovery.approve')}
                </Button>
                <Button size="small" danger icon={<CloseOutlined />} onClick={() => setVerdict('reject')} data-testid="recovery-reject">
                  {t('recovery.reject')}
                </Button>
              </Space>
            ) : null
          }
        />
      ) : null}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'class', label: t('recovery.attributionClass'), children: t(`recovery.classes.${recovery.attributionClass}`), span: 2 },
          {
            key: 'explanation',
            label: t('recovery.explanation'),
            span: 2,
            children: recovery.explanation ? (
              <div>
                <Typography.Text type="secondary">
                  {formatDateTime(recovery.explanation.givenAt)} · {t(`recovery.methods.${recovery.explanation.method}`)}
                </Typography.Text>
                <div style={{ whiteSpace: 'pre-wrap' }}>{recovery.explanation.text}</div>
              </div>
            ) : (
              '-'
            ),
          },
          {
            key: 'compensation',
            label: t('recovery.compensation'),
            children: (
              <span data-testid="recovery-compensation">
                {t(`recovery.types.${c.type}`)}
                {c.type !== 'none' ? ` · ${formatFen(c.amountFen)}` : ''}
                {c.note ? <Typography.Text type="secondary"> · {c.note}</Typography.Text> : null}
              </span>
            ),
          },
          { key: 'requested', label: t('recovery.requestedBy'), children: `${recovery.requestedBy.name} · ${formatDateTime(recovery.requestedAt)}` },
          ...(recovery.decidedBy
            ? [
                {
                  key: 'decided',
                  label: t(recovery.status === 'rejected' ? 'recovery.rejectedBy' : 'recovery.decidedBy'),
                  children: (
                    <span data-testid="recovery-decided-by">
                      {recovery.decidedBy.name} · {formatDateTime(recovery.decidedAt)}
                      {recovery.decisionNote ? <Typography.Text type="secondary"> · {recovery.decisionNote}</Typography.Text> : null}
                    </span>
                  ),
                },
              ]
            : []),
          { key: 'reported', label: t('recovery.failureReportedAt'), children: formatDateTime(recovery.failureReportedAt) },
          {
            key: 'time',
            label: t('recovery.recoveryTime'),
            children:
              recovery.recoveryMinutes !== null ? (
                <Typography.Text strong data-testid="recovery-time">
                  {formatMinutes(t, recovery.recoveryMinutes)}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('recovery.notRecovered')}</Typography.Text>
              ),
          },
        ]}
      />
      <Modal
        open={verdict !== null}
        title={verdict ? `${t(`recovery.${verdict}`)} · ${formatFen(c.amountFen)}` : ''}
        okText={verdict ? t(`recovery.${verdict}`) : ''}
        okButtonProps={{ danger: verdict === 'reject', loading: decide.isPending }}
        onOk={submit}
        onCancel={() => setVerdict(null)}
        destroyOnHidden
      >
        <Input.TextArea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('recovery.decisionNote')} />
      </Modal>
    </>
  );
}

function RecoveryForm({ detail, onDone, onCancel, onFailed }: { detail: CaseDetail; onDone: () => void; onCancel?: () => void; onFailed: (error: unknown) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveRecovery(detail.id);
  const r = detail.recovery;
  const type = Form.useWatch('type', form) ?? r?.compensation.type ?? 'none';
  const explained = Form.useWatch('explained', form) ?? Boolean(r?.explanation ?? true);
  const amountYuan = Form.useWatch('amountYuan', form);
  const limit = detail.compensationLimitFen;
  const amountFen = type === 'none' ? 0 : yuanToFen(amountYuan ?? 0);
  const overLimit = limit !== null && amountFen > limit;

  const submit = async (v: FormValues) => {
    try {
      await save.mutateAsync({
        attributionClass: v.attributionClass,
        failureReportedAt: v.failureReportedAt.toISOString(),
        explanation: v.explained && v.givenAt ? { givenAt: v.givenAt.toISOString(), method: v.method ?? 'phone', text: v.text ?? '' } : null,
        compensation: { type: v.type, amountFen: v.type === 'none' ? 0 : yuanToFen(v.amountYuan ?? 0), note: v.note?.trim() || undefined },
        version: r?.version,
      });
      message.success(t('recovery.saved'));
      onDone();
    } catch (error) {
      if (!applyServerErrors(form, t, error)) onFailed(error);
    }
  };

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      data-testid="recovery-form"
      initialValues={{
        attributionClass: r?.attributionClass,
        failureReportedAt: dayjs(r?.failureReportedAt ?? detail.createdAt),
        explained: Boolean(r?.explanation ?? true),
        givenAt: r?.explanation ? dayjs(r.explanation.givenAt) : dayjs(),
        method: r?.explanation?.method ?? 'phone',
        text: r?.explanation?.text,
        type: r?.compensation.type ?? 'none',
        amountYuan: r && r.compensation.type !== 'none' ? r.compensation.amountFen / 100 : undefined,
        note: r?.compensation.note ?? undefined,
      }}
    >
      <Form.Item name="attributionClass" label={t('recovery.attributionClass')} rules={[{ required: true, message: t('errors.validation.required') }]}>
        <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
          {ATTRIBUTION_CLASSES.map((cls) => (
            <Radio key={cls} value={cls} data-testid={`recovery-class-${cls}`}>
              <span>{t(`recovery.classes.${cls}`)}</span>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {t(`recovery.classHints.${cls}`)}
              </Typography.Text>
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="failureReportedAt" label={t('recovery.failureReportedAt')} extra={t('recovery.failureReportedHint')} rules={[{ required: true, message: t('errors.validation.required') }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: 220 }} />
      </Form.Item>
      <Form.Item name="explained" label={t('recovery.explained')} valuePropName="checked">
        <Switch data-testid="recovery-explained" />
      </Form.Item>
      {explained ? (
        <>
          <Space wrap size={12}>
            <Form.Item name={['givenAt']} label={t('recovery.givenAt')} rules={[{ required: true, message: t('errors.validation.required') }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="method" label={t('recovery.method')} rules={[{ required: true, message: t('errors.validation.required') }]}>
              <Select style={{ width: 140 }} options={EXPLANATION_METHODS.map((m) => ({ value: m, label: t(`recovery.methods.${m}`) }))} />
            </Form.Item>
          </Space>
          <Form.Item name="text" label={t('recovery.text')} rules={[{ required: true, whitespace: true, message: t('errors.validation.required') }]}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="recovery-text" />
          </Form.Item>
        </>
      ) : null}
      <Space wrap size={12} align="start">
        <Form.Item name="type" label={t('recovery.type')} rules={[{ required: true }]}>
          <Select style={{ width: 150 }} options={COMPENSATION_TYPES.map((c) => ({ value: c, label: t(`recovery.types.${c}`) }))} data-testid="recovery-type" />
        </Form.Item>
        {type !== 'none' ? (
          <Form.Item
            name="amountYuan"
            label={t('recovery.amount')}
            rules={[{ required: MONEY_COMPENSATION.includes(type), message: t('errors.validation.amount_required') }]}
          >
            <InputNumber min={0} max={1_000_000} precision={2} step={10} prefix="¥" style={{ width: 160 }} data-testid="recovery-amount" />
          </Form.Item>
        ) : null}
      </Space>
      {type !== 'none' ? (
        <Form.Item name="note" label={t('recovery.note')}>
          <Input maxLength={500} />
        </Form.Item>
      ) : null}
      <Alert
        type={overLimit ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="recovery-limit"
        title={t('recovery.yourLimit', { amount: limit === null ? t('recovery.unlimited') : formatFen(limit) })}
        description={type !== 'none' && amountFen > 0 ? t(overLimit ? 'recovery.overLimit' : 'recovery.withinLimit') : undefined}
      />
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="recovery-save">
          {t('recovery.save')}
        </Button>
        {onCancel ? <Button onClick={onCancel}>{t('recovery.cancelEdit')}</Button> : null}
      </Space>
    </Form>
  );
}
