import { BulbOutlined } from '@ant-design/icons';
import { App, Card, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ATTRIBUTION_CLASSES, type AttributionClass, type CauseCode } from '../../../shared/schemas/causes';
import type { CaseDetail } from '../../../shared/schemas/cases';
import { useCauseCodes, useCauseSuggestions, useSetCause } from '../../api/cases';
import { currentLocale } from '../../i18n';

const CLASS_COLOR: Record<AttributionClass, string> = { 1: 'blue', 2: 'orange', 3: 'default', 4: 'purple' };

export function AttributionTag({ value }: { value: AttributionClass }) {
  const { t } = useTranslation();
  return <Tag color={CLASS_COLOR[value]}>{t(`cases.attribution.${value}`)}</Tag>;
}

/** A cause's name in the interface language, or its code when the taxonomy has not loaded. */
export function useCauseName(): (code: string | null | undefined) => string {
  const causes = useCauseCodes();
  const locale = currentLocale();
  return (code) => {
    if (!code) return '';
    const cause = causes.data?.find((c) => c.code === code);
    return cause ? cause.name[locale] : code;
  };
}

interface Props {
  detail: CaseDetail;
  canWrite: boolean;
  /** Conflicts and other failures, handled like the case's other changes. */
  onFailed: (error: unknown) => void;
}

/** Codes the case's cause from the taxonomy, offering what the text suggests with its confidence. */
export function CausePanel({ detail, canWrite, onFailed }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = currentLocale();
  const causes = useCauseCodes();
  const editable = canWrite && detail.status !== 'merged' && detail.status !== 'cancelled';
  const suggestions = useCauseSuggestions(detail.id, editable);
  const setCause = useSetCause(detail.id);
  const current = causes.data?.find((c) => c.code === detail.causeCode);

  const choose = async (code: string | null) => {
    try {
      await setCause.mutateAsync({ causeCode: code, version: detail.version });
      message.success(t('cases.causeSaved'));
    } catch (error) {
      onFailed(error);
    }
  };

  const active = (causes.data ?? []).filter((c) => c.active || c.code === detail.causeCode);
  const options = ATTRIBUTION_CLASSES.map((cls) => ({
    label: t(`cases.attribution.${cls}`),
    title: t(`cases.attribution.${cls}`),
    options: active.filter((c: CauseCode) => c.attributionClass === cls).map((c) => ({ value: c.code, label: c.name[locale] })),
  })).filter((group) => group.options.length > 0);

  const items = (suggestions.data?.items ?? []).filter((s) => s.code !== detail.causeCode);

  return (
    <Card size="small" title={t('cases.cause')} style={{ marginBottom: 16 }} data-testid="cause-panel">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {editable ? (
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={detail.causeCode ?? undefined}
            placeholder={t('cases.causePick')}
            loading={causes.isLoading || setCause.isPending}
            options={options}
            onChange={(value) => void choose(value ?? null)}
            style={{ width: '100%' }}
          />
        ) : (
          <Typography.Text type={detail.causeCode ? undefined : 'secondary'}>
            {current ? current.name[locale] : (detail.causeCode ?? t('cases.causeNone'))}
          </Typography.Text>
        )}
        {current ? <AttributionTag value={current.attributionClass} /> : null}
        {editable && items.length > 0 ? (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <BulbOutlined /> {t('cases.causeSuggestions')}
            </Typography.Text>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 4 }}>
              {items.map((s) => (
                <Tooltip key={s.code} title={s.reasons.length ? t('cases.causeReasons', { reasons: s.reasons.join(t('common.listSeparator')) }) : undefined}>
                  <Tag
                    color="processing"
                    style={{ cursor: 'pointer', marginInlineEnd: 0 }}
                    onClick={() => void choose(s.code)}
                    data-testid="cause-suggestion"
                  >
                    {s.name[locale]} · {Math.round(s.confidence * 100)}%
                  </Tag>
                </Tooltip>
              ))}
            </div>
            {suggestions.data && suggestions.data.modelExamples > 0 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
                {t('cases.causeModel', { count: suggestions.data.modelExamples })}
              </Typography.Text>
            ) : null}
          </div>
        ) : null}
      </Space>
    </Card>
  );
}
