import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Collapse, Dropdown, Input, InputNumber, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../../../shared/roles';
import {
  CONDITION_TYPES,
  CUSTOMER_DETAIL_FIELDS,
  dimensionOfItem,
  LIKERT_SCALES,
  localized,
  type LocalizedText,
  type Question,
  QUESTION_TYPES,
  type QuestionType,
  scaleRange,
  type Section,
  SERVQUAL_DIMENSIONS,
  type ShowIf,
  type SurveyDefinition,
} from '../../../shared/surveys/definition';
import { currentLocale } from '../../i18n';
import { emptyText, move, newQuestion, optionLabel, questionKeys, uniqueKey } from './builder-model';

const LANG_TAG: Record<string, string> = { 'zh-CN': '简', 'zh-TW': '繁', 'en-US': 'EN' };

/** One text in the three languages, one line each. */
export function LocalizedInput({
  value,
  onChange,
  multiline,
  disabled,
  testId,
  required,
}: {
  value: LocalizedText | undefined;
  onChange: (v: LocalizedText) => void;
  multiline?: boolean;
  disabled?: boolean;
  testId?: string;
  /** a text publishing needs in every language: blank ones are marked */
  required?: boolean;
}) {
  const { t } = useTranslation();
  const v = value ?? emptyText();
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }} data-testid={testId}>
      {LOCALES.map((l) => {
        const props = {
          value: v[l],
          disabled,
          'aria-label': t(`languages.${l}`),
          onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange({ ...v, [l]: e.target.value }),
          status: !disabled && (required || Object.values(v).some((x) => x.trim())) && !v[l].trim() ? ('warning' as const) : undefined,
        };
        return (
          <div key={l} style={{ display: 'flex', gap: 6, alignItems: 'flex-start' }}>
            <Tooltip title={t(`languages.${l}`)}>
              <Tag style={{ width: 32, textAlign: 'center', marginTop: 4, marginInlineEnd: 0 }}>{LANG_TAG[l]}</Tag>
            </Tooltip>
            {multiline ? <Input.TextArea {...props} autoSize={{ minRows: 1, maxRows: 4 }} /> : <Input {...props} />}
          </div>
        );
      })}
    </Space>
  );
}

function Field({ label, children }: { label: React.ReactNode; children: React.ReactNode }) {
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4, fontSize: 13 }}>
        {label}
      </Typography.Text>
      {children}
    </div>
  );
}

/** "Show only if <earlier question> is one of …": earlier single-choice and scale questions only. */
function ShowIfEditor({ value, onChange, earlier, disabled }: { value: ShowIf | undefined; onChange: (v: ShowIf | undefined) => void; earlier: Question[]; disabled?: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const candidates = earlier.filter((q) => CONDITION_TYPES.includes(q.type));
  const target = candidates.find((q) => q.key === value?.questionKey);
  const valueOptions: { value: string | number; label: string }[] =
    target?.type === 'single_choice'
      ? target.options.map((o) => ({ value: o.key, label: localized(o.label, locale) || o.key }))
      : target
        ? Array.from({ length: scaleRange(target)!.max - scaleRange(target)!.min + 1 }, (_, i) => scaleRange(target)!.min + i).map((n) => ({ value: n, label: String(n) }))
        : [];
  return (
    <Space wrap>
      <Select
        allowClear
        disabled={disabled || candidates.length === 0}
        placeholder={candidates.length ? t('surveys.builder.alwaysShown') : t('surveys.builder.noConditionQuestions')}
        value={value?.questionKey}
        onChange={(key: string | undefined) => onChange(key ? { questionKey: key, anyOf: [] } : undefined)}
        options={candidates.map((q) => ({ value: q.key, label: `${q.key} · ${localized(q.title, locale) || t(`surveys.types.${q.type}`)}` }))}
        style={{ minWidth: 240, maxWidth: 360 }}
        popupMatchSelectWidth={false}
      />
      {value ? (
        <Select
          mode="multiple"
          disabled={disabled}
          placeholder={t('surveys.builder.showIfValues')}
          value={value.anyOf}
          onChange={(anyOf: (string | number)[]) => onChange({ ...value, anyOf })}
          options={valueOptions}
          style={{ minWidth: 200 }}
        />
      ) : null}
    </Space>
  );
}

function QuestionEditor({ q, onChange, earlier, disabled }: { q: Question; onChange: (q: Question) => void; earlier: Question[]; disabled?: boolean }) {
  const { t } = useTranslation();
  const set = (patch: Partial<Question>) => onChange({ ...q, ...patch } as Question);
  return (
    <div data-testid={`edit-${q.key}`}>
      <Space wrap style={{ marginBottom: 12 }} align="end">
        <Field label={t('surveys.builder.key')}>
          <Input value={q.key} disabled={disabled} onChange={(e) => set({ key: e.target.value.trim() })} style={{ width: 180, fontFamily: 'monospace' }} />
        </Field>
        <Field label={t('surveys.builder.required')}>
          <Switch checked={q.required} disabled={disabled} onChange={(required) => set({ required })} />
        </Field>
        {q.type === 'likert' ? (
          <Field label={t('surveys.builder.scale')}>
            <Select value={q.scale} disabled={disabled} onChange={(scale) => set({ scale })} options={LIKERT_SCALES.map((s) => ({ value: s, label: s }))} style={{ width: 100 }} />
          </Field>
        ) : null}
        {q.type === 'servqual_pair' ? (
          <>
            <Field label={t('surveys.builder.itemNo')}>
              <InputNumber min={1} max={22} precision={0} value={q.itemNo} disabled={disabled} onChange={(n) => n && set({ itemNo: n, dimension: dimensionOfItem(n) ?? q.dimension })} style={{ width: 80 }} />
            </Field>
            <Field label={t('surveys.builder.dimension')}>
              <Select value={q.dimension} disabled={disabled} onChange={(dimension) => set({ dimension })} options={SERVQUAL_DIMENSIONS.map((d) => ({ value: d, label: t(`surveys.dimensions.${d}`) }))} style={{ width: 140 }} />
            </Field>
          </>
        ) : null}
        {q.type === 'multiple_choice' ? (
          <Field label={t('surveys.builder.maxSelected')}>
            <InputNumber min={1} max={q.options.length} precision={0} value={q.maxSelected ?? null} disabled={disabled} onChange={(n) => set({ maxSelected: n ?? undefined })} placeholder={t('surveys.builder.any')} style={{ width: 100 }} />
          </Field>
        ) : null}
        {q.type === 'text' ? (
          <>
            <Field label={t('surveys.builder.maxLength')}>
              <InputNumber min={1} max={5000} precision={0} value={q.maxLength} disabled={disabled} onChange={(n) => n && set({ maxLength: n })} style={{ width: 100 }} />
            </Field>
            <Field label={t('surveys.builder.multiline')}>
              <Switch checked={q.multiline} disabled={disabled} onChange={(multiline) => set({ multiline })} />
            </Field>
          </>
        ) : null}
      </Space>
      <Field label={t('surveys.builder.questionTitle')}>
        <LocalizedInput value={q.title} onChange={(title) => set({ title })} multiline disabled={disabled} required testId={`edit-${q.key}-title`} />
      </Field>
      <Field label={t('surveys.builder.help')}>
        <LocalizedInput value={q.help} onChange={(help) => set({ help })} disabled={disabled} />
      </Field>
      {q.type === 'likert' ? (
        <Space wrap align="start" style={{ width: '100%' }}>
          <Field label={t('surveys.builder.lowLabel')}>
            <LocalizedInput value={q.lowLabel} onChange={(lowLabel) => set({ lowLabel })} disabled={disabled} />
          </Field>
          <Field label={t('surveys.builder.highLabel')}>
            <LocalizedInput value={q.highLabel} onChange={(highLabel) => set({ highLabel })} disabled={disabled} />
          </Field>
        </Space>
      ) : null}
      {q.type === 'single_choice' || q.type === 'multiple_choice' ? (
        <Field label={t('surveys.builder.options')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {q.options.map((o, i) => (
              <Card key={i} size="small" styles={{ body: { padding: 8 } }}>
                <Space align="start" style={{ width: '100%' }} wrap>
                  <Input
                    value={o.key}
                    disabled={disabled}
                    aria-label={t('surveys.builder.optionKey')}
                    onChange={(e) => set({ options: q.options.map((x, j) => (j === i ? { ...x, key: e.target.value.trim() } : x)) })}
                    style={{ width: 120, fontFamily: 'monospace' }}
                  />
                  <div style={{ minWidth: 240, flex: 1 }}>
                    <LocalizedInput value={o.label} disabled={disabled} required onChange={(label) => set({ options: q.options.map((x, j) => (j === i ? { ...x, label } : x)) })} />
                  </div>
                  <Button
                    icon={<DeleteOutlined />}
                    disabled={disabled || q.options.length <= 2}
                    aria-label={t('common.delete')}
                    onClick={() => set({ options: q.options.filter((_, j) => j !== i) })}
                  />
                </Space>
              </Card>
            ))}
            <Button
              icon={<PlusOutlined />}
              disabled={disabled || q.options.length >= 30}
              onClick={() => {
                const key = uniqueKey(new Set(q.options.map((o) => o.key)), 'option');
                set({ options: [...q.options, { key, label: optionLabel(t, q.options.length + 1) }] });
              }}
            >
              {t('surveys.builder.addOption')}
            </Button>
          </Space>
        </Field>
      ) : null}
      {q.type === 'customer_details' ? (
        <Field label={t('surveys.builder.fields')}>
          <Checkbox.Group
            disabled={disabled}
            value={q.fields}
            onChange={(fields) => fields.length && set({ fields: fields as typeof q.fields })}
            options={CUSTOMER_DETAIL_FIELDS.map((f) => ({ value: f, label: t(`surveys.details.${f}`) }))}
          />
        </Field>
      ) : null}
      <Field label={t('surveys.builder.showIf')}>
        <ShowIfEditor value={q.showIf} onChange={(showIf) => set({ showIf })} earlier={earlier} disabled={disabled} />
      </Field>
    </div>
  );
}

function SectionEditor({
  section,
  index,
  count,
  def,
  onChange,
  onMove,
  onRemove,
  disabled,
}: {
  section: Section;
  index: number;
  count: number;
  def: SurveyDefinition;
  onChange: (s: Section) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const before = def.sections.slice(0, index).flatMap((s) => s.questions);
  const addQuestion = (type: QuestionType) => {
    const taken = questionKeys(def);
    const q = newQuestion(type, uniqueKey(taken, type === 'servqual_pair' ? 'sq' : 'q'), t);
    onChange({ ...section, questions: [...section.questions, q] });
  };
  return (
    <Card
      data-testid={`section-${section.key}`}
      style={{ marginBottom: 16 }}
      title={
        <Space>
          <Typography.Text type="secondary">{t('surveys.builder.sectionN', { n: index + 1 })}</Typography.Text>
          <span>{localized(section.title, locale) || section.key}</span>
        </Space>
      }
      extra={
        disabled ? null : (
          <Space size={4}>
            <Button size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={t('surveys.builder.moveUp')} />
            <Button size="small" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={t('surveys.builder.moveDown')} />
            <Button size="small" danger icon={<DeleteOutlined />} disabled={count <= 1} onClick={onRemove} aria-label={t('common.delete')} />
          </Space>
        )
      }
    >
      <Space wrap align="start" style={{ width: '100%' }}>
        <Field label={t('surveys.builder.key')}>
          <Input value={section.key} disabled={disabled} onChange={(e) => onChange({ ...section, key: e.target.value.trim() })} style={{ width: 160, fontFamily: 'monospace' }} />
        </Field>
        <Field label={t('surveys.builder.showIf')}>
          <ShowIfEditor value={section.showIf} onChange={(showIf) => onChange({ ...section, showIf })} earlier={before} disabled={disabled} />
        </Field>
      </Space>
      <Field label={t('surveys.builder.sectionTitle')}>
        <LocalizedInput value={section.title} onChange={(title) => onChange({ ...section, title })} disabled={disabled} required />
      </Field>
      <Field label={t('surveys.builder.sectionDescription')}>
        <LocalizedInput value={section.description} onChange={(description) => onChange({ ...section, description })} multiline disabled={disabled} />
      </Field>
      {section.questions.length === 0 ? <Typography.Paragraph type="secondary">{t('surveys.builder.noQuestions')}</Typography.Paragraph> : null}
      <Collapse
        size="small"
        items={section.questions.map((q, i) => ({
          key: `${i}`,
          label: (
            <Space wrap size={6}>
              <Tag color="blue">{t(`surveys.types.${q.type}`)}</Tag>
              <Typography.Text code>{q.key}</Typography.Text>
              <span>{localized(q.title, locale) || t('surveys.builder.untitledQuestion')}</span>
              {q.required ? <Tag color="red">{t('surveys.builder.required')}</Tag> : null}
              {q.showIf ? <Tag>{t('surveys.builder.conditional')}</Tag> : null}
            </Space>
          ),
          extra: disabled ? null : (
            <Space size={4} onClick={(e) => e.stopPropagation()}>
              <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => onChange({ ...section, questions: move(section.questions, i, i - 1) })} aria-label={t('surveys.builder.moveUp')} />
              <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === section.questions.length - 1} onClick={() => onChange({ ...section, questions: move(section.questions, i, i + 1) })} aria-label={t('surveys.builder.moveDown')} />
              <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => onChange({ ...section, questions: section.questions.filter((_, j) => j !== i) })} aria-label={t('common.delete')} />
            </Space>
          ),
          children: (
            <QuestionEditor
              q={q}
              disabled={disabled}
              earlier={[...before, ...section.questions.slice(0, i)]}
              onChange={(next) => onChange({ ...section, questions: section.questions.map((x, j) => (j === i ? next : x)) })}
            />
          ),
        }))}
      />
      {disabled ? null : (
        <Dropdown menu={{ items: QUESTION_TYPES.map((type) => ({ key: type, label: t(`surveys.types.${type}`) })), onClick: ({ key }) => addQuestion(key as QuestionType) }}>
          <Button icon={<PlusOutlined />} style={{ marginTop: 12 }} data-testid={`add-question-${section.key}`}>
            {t('surveys.builder.addQuestion')}
          </Button>
        </Dropdown>
      )}
    </Card>
  );
}

/** The whole definition: survey texts, then its sections with their questions. */
export function SurveyBuilder({ value, onChange, disabled }: { value: SurveyDefinition; onChange: (def: SurveyDefinition) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const setSection = (i: number, s: Section) => onChange({ ...value, sections: value.sections.map((x, j) => (j === i ? s : x)) });
  return (
    <div data-testid="survey-builder">
      <Card style={{ marginBottom: 16 }} title={t('surveys.builder.surveyTexts')}>
        <Field label={t('surveys.title')}>
          <LocalizedInput value={value.title} onChange={(title) => onChange({ ...value, title })} disabled={disabled} required testId="edit-title" />
        </Field>
        <Field label={t('surveys.builder.description')}>
          <LocalizedInput value={value.description} onChange={(description) => onChange({ ...value, description })} multiline disabled={disabled} />
        </Field>
        <Field label={t('surveys.builder.thanks')}>
          <LocalizedInput value={value.thanks} onChange={(thanks) => onChange({ ...value, thanks })} disabled={disabled} />
        </Field>
      </Card>
      {value.sections.map((s, i) => (
        <SectionEditor
          key={i}
          section={s}
          index={i}
          count={value.sections.length}
          def={value}
          disabled={disabled}
          onChange={(next) => setSection(i, next)}
          onMove={(to) => onChange({ ...value, sections: move(value.sections, i, to) })}
          onRemove={() => onChange({ ...value, sections: value.sections.filter((_, j) => j !== i) })}
        />
      ))}
      {disabled ? null : (
        <Button
          icon={<PlusOutlined />}
          onClick={() => {
            const key = uniqueKey(new Set(value.sections.map((s) => s.key)), 'section');
            onChange({ ...value, sections: [...value.sections, { key, title: emptyText(), questions: [] }] });
          }}
        >
          {t('surveys.builder.addSection')}
        </Button>
      )}
    </div>
  );
}
