import { Checkbox, Col, Input, InputNumber, Radio, Row, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/roles';
import { type Answers, visibleQuestionKeys } from '../../../shared/surveys/answers';
import { ALLOCATION_TOTAL, localized, type Question, scaleRange, SERVQUAL_DIMENSIONS, type SurveyDefinition } from '../../../shared/surveys/definition';

/*
 * The answer form: renders a survey definition for one person to answer, in the survey language
 * given (not necessarily the interface language), showing only the questions the skip logic
 * leaves. It holds no state and calls no API, so the staff entry page, the builder's preview and
 * the public answer page all use it.
 */

export interface AnswerFormProps {
  definition: SurveyDefinition;
  /** the language the survey texts are shown in */
  locale: Locale;
  value: Answers;
  onChange: (next: Answers) => void;
  /** question key → problem code (required, out_of_range, allocation_sum …) */
  problems?: Record<string, string>;
  /** phone-sized layout: pair sides stacked, scales wrap */
  narrow?: boolean;
  disabled?: boolean;
}

const range = (min: number, max: number) => Array.from({ length: max - min + 1 }, (_, i) => min + i);

function ScaleButtons({ min, max, value, onChange, disabled, testId, narrow }: { min: number; max: number; value: unknown; onChange: (v: number) => void; disabled?: boolean; testId: string; narrow?: boolean }) {
  return (
    <Radio.Group
      data-testid={testId}
      optionType="button"
      size={narrow && max - min >= 6 ? 'small' : 'middle'}
      value={typeof value === 'number' ? value : undefined}
      onChange={(e) => onChange(e.target.value as number)}
      disabled={disabled}
      style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
    >
      {range(min, max).map((n) => (
        <Radio.Button key={n} value={n} style={{ minWidth: narrow ? 30 : 36, textAlign: 'center', borderRadius: 4, borderInlineStartWidth: 1 }}>
          {n}
        </Radio.Button>
      ))}
    </Radio.Group>
  );
}

function QuestionInput({ q, value, set, locale, narrow, disabled }: { q: Question; value: unknown; set: (v: unknown) => void; locale: Locale; narrow?: boolean; disabled?: boolean }) {
  const { t } = useTranslation();
  const sl = (text: Parameters<typeof localized>[0]) => localized(text, locale);
  // The survey's own language for the fixed words of the form (expectation, perception, dimensions).
  const ft = (key: string, options?: Record<string, unknown>) => t(key, { ...options, lng: locale });
  switch (q.type) {
    case 'single_choice':
      return (
        <Radio.Group value={value} onChange={(e) => set(e.target.value)} disabled={disabled} data-testid={`q-${q.key}-input`}>
          <Space direction="vertical">
            {q.options.map((o) => (
              <Radio key={o.key} value={o.key}>
                {sl(o.label)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      );
    case 'multiple_choice':
      return (
        <Checkbox.Group value={Array.isArray(value) ? (value as string[]) : []} onChange={(v) => set(v)} disabled={disabled} data-testid={`q-${q.key}-input`}>
          <Space direction="vertical">
            {q.options.map((o) => (
              <Checkbox key={o.key} value={o.key} disabled={!disabled && q.maxSelected !== undefined && Array.isArray(value) && value.length >= q.maxSelected && !value.includes(o.key)}>
                {sl(o.label)}
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      );
    case 'likert':
    case 'nps':
    case 'csat': {
      const { min, max } = scaleRange(q)!;
      const low = q.type === 'likert' ? sl(q.lowLabel) : q.type === 'nps' ? ft('surveys.form.npsLow') : ft('surveys.form.csatLow');
      const high = q.type === 'likert' ? sl(q.highLabel) : q.type === 'nps' ? ft('surveys.form.npsHigh') : ft('surveys.form.csatHigh');
      return (
        <div style={{ maxWidth: 520 }}>
          <ScaleButtons min={min} max={max} value={value} onChange={set} disabled={disabled} testId={`q-${q.key}-input`} narrow={narrow} />
          {low || high ? (
            <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 4 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${min} = ${low}`}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${max} = ${high}`}</Typography.Text>
            </div>
          ) : null}
        </div>
      );
    }
    case 'servqual_pair': {
      const v = (value && typeof value === 'object' ? value : {}) as { expectation?: number; perception?: number };
      const side = (part: 'expectation' | 'perception') => (
        <Col xs={24} md={narrow ? 24 : 12} key={part}>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4, fontSize: 13 }}>
            {ft(`surveys.form.${part}`)}
          </Typography.Text>
          <ScaleButtons min={1} max={7} value={v[part]} onChange={(n) => set({ ...v, [part]: n })} disabled={disabled} testId={`q-${q.key}-${part}`} narrow={narrow} />
        </Col>
      );
      return <Row gutter={[24, 8]}>{[side('expectation'), side('perception')]}</Row>;
    }
    case 'allocation': {
      const v = (value && typeof value === 'object' ? value : {}) as Record<string, number | undefined>;
      const total = SERVQUAL_DIMENSIONS.reduce((sum, d) => sum + (v[d] ?? 0), 0);
      return (
        <Space direction="vertical" style={{ width: '100%', maxWidth: 520 }}>
          {SERVQUAL_DIMENSIONS.map((d) => (
            <div key={d} style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12 }}>
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong>{ft(`surveys.dimensions.${d}`)}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {ft(`surveys.dimensionHints.${d}`)}
                </Typography.Text>
              </div>
              <InputNumber
                data-testid={`q-${q.key}-${d}`}
                min={0}
                max={ALLOCATION_TOTAL}
                precision={0}
                value={v[d] ?? null}
                onChange={(n) => set({ ...v, [d]: n ?? undefined })}
                disabled={disabled}
                style={{ width: 88, flex: 'none' }}
              />
            </div>
          ))}
          <Typography.Text type={total === ALLOCATION_TOTAL ? 'success' : 'warning'} data-testid={`q-${q.key}-total`}>
            {ft('surveys.form.allocationTotal', { total, target: ALLOCATION_TOTAL })}
          </Typography.Text>
        </Space>
      );
    }
    case 'text':
      return q.multiline ? (
        <Input.TextArea data-testid={`q-${q.key}-input`} value={typeof value === 'string' ? value : ''} onChange={(e) => set(e.target.value)} maxLength={q.maxLength} showCount autoSize={{ minRows: 2, maxRows: 8 }} disabled={disabled} />
      ) : (
        <Input data-testid={`q-${q.key}-input`} value={typeof value === 'string' ? value : ''} onChange={(e) => set(e.target.value)} maxLength={q.maxLength} disabled={disabled} />
      );
    case 'customer_details': {
      const v = (value && typeof value === 'object' ? value : {}) as Record<string, string | undefined>;
      return (
        <Space direction="vertical" style={{ width: '100%', maxWidth: 420 }}>
          {q.fields.map((field) => (
            <Input
              key={field}
              data-testid={`q-${q.key}-${field}`}
              addonBefore={<span style={{ display: 'inline-block', minWidth: 56 }}>{ft(`surveys.details.${field}`)}</span>}
              value={v[field] ?? ''}
              maxLength={200}
              onChange={(e) => set({ ...v, [field]: e.target.value })}
              disabled={disabled}
            />
          ))}
        </Space>
      );
    }
  }
}

/** One survey as a form: sections, numbered questions, the skip logic applied as the person answers. */
export function AnswerForm({ definition, locale, value, onChange, problems = {}, narrow, disabled }: AnswerFormProps) {
  const { t } = useTranslation();
  const shown = useMemo(() => visibleQuestionKeys(definition, value), [definition, value]);
  let number = 0;
  return (
    <div className="survey-answer-form" data-testid="answer-form">
      {definition.sections.map((section) => {
        const questions = section.questions.filter((q) => shown.has(q.key));
        if (questions.length === 0) return null;
        return (
          <section key={section.key} style={{ marginBottom: 24 }}>
            <Typography.Title level={5} style={{ marginBottom: 4 }}>
              {localized(section.title, locale)}
            </Typography.Title>
            {section.description && localized(section.description, locale) ? (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
                {localized(section.description, locale)}
              </Typography.Paragraph>
            ) : null}
            {questions.map((q) => {
              number++;
              const problem = problems[q.key];
              return (
                <div
                  key={q.key}
                  data-testid={`q-${q.key}`}
                  style={{ padding: narrow ? '12px 0' : '12px 16px', borderBottom: '1px solid rgba(5,5,5,0.06)', background: problem ? 'rgba(255,77,79,0.04)' : undefined }}
                >
                  <div style={{ marginBottom: 8 }}>
                    <Typography.Text strong>
                      {q.type === 'servqual_pair' ? `${q.itemNo}. ` : `${number}. `}
                      {localized(q.title, locale)}
                    </Typography.Text>
                    {q.required ? (
                      <Typography.Text type="danger" aria-label={t('surveys.form.required', { lng: locale })}>
                        {' *'}
                      </Typography.Text>
                    ) : null}
                    {q.help && localized(q.help, locale) ? (
                      <Typography.Paragraph type="secondary" style={{ margin: '2px 0 0', fontSize: 13 }}>
                        {localized(q.help, locale)}
                      </Typography.Paragraph>
                    ) : null}
                  </div>
                  <QuestionInput q={q} value={value[q.key]} set={(v) => onChange({ ...value, [q.key]: v })} locale={locale} narrow={narrow} disabled={disabled} />
                  {problem ? (
                    <Typography.Text type="danger" style={{ display: 'block', marginTop: 6 }} data-testid={`q-${q.key}-problem`}>
                      {t(`surveys.problems.${problem}`, { lng: locale, defaultValue: t('surveys.problems.invalid_value', { lng: locale }) })}
                    </Typography.Text>
                  ) : null}
                </div>
              );
            })}
          </section>
        );
      })}
    </div>
  );
}
