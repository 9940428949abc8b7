import { CloseOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Input, List, Row, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '../../../shared/errors';
import { defaultSlaTargets } from '../../../shared/cases/sla-targets';
import { CASE_PRIORITIES, CASE_TYPES, type CasePriority, type CaseType } from '../../../shared/schemas/cases';
import type { BusinessCalendarView, WorkIntervalInput } from '../../../shared/schemas/sla';
import { deadline, validateCalendar, type BusinessCalendar } from '../../../shared/sla/business-calendar';
import { ApiError } from '../../api/client';
import { useBusinessCalendar, usePutBusinessCalendar, useSlaPolicies } from '../../api/sla';
import { errorText, validationText } from '../../components/errors';
import { QueryError } from '../../components/QueryError';
import { formatBusinessMinutes } from './duration';

/** Monday first, as Chinese calendars print the week; the stored index stays Sunday = 0. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];
const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

interface Draft {
  weeklyHours: WorkIntervalInput[][];
  holidays: { date: string; name: string }[];
  makeUpDays: { date: string; name: string; hours?: WorkIntervalInput[] }[];
}

const draftOf = (cal: BusinessCalendarView): Draft => ({
  weeklyHours: cal.weeklyHours.map((d) => d.map((i) => ({ ...i }))),
  holidays: cal.holidays.map((h) => ({ ...h })),
  makeUpDays: cal.makeUpDays.map((m) => ({ ...m })),
});

/** The organisation's working week, holidays and make-up days (调休), with a preview of a deadline. */
export function CalendarEditor() {
  const calendar = useBusinessCalendar();
  if (!calendar.data) return calendar.error ? <QueryError error={calendar.error} onRetry={() => void calendar.refetch()} /> : <Card loading />;
  return <Editor key={calendar.data.version} saved={calendar.data} reload={() => void calendar.refetch()} />;
}

function Editor({ saved, reload }: { saved: BusinessCalendarView; reload: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const put = usePutBusinessCalendar();
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const [problems, setProblems] = useState<ErrorDetail[]>([]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(saved));
  useEffect(() => setProblems([]), [draft]);

  const weekday = (i: number) => t(`calendar.weekdays.${i}`);
  const setDay = (day: number, hours: WorkIntervalInput[]) => setDraft((d) => ({ ...d, weeklyHours: d.weeklyHours.map((h, i) => (i === day ? hours : h)) }));

  const save = async () => {
    try {
      await put.mutateAsync({ version: saved.version, ...draft });
      message.success(t('calendar.saved'));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stale_version') {
        message.warning(t('calendar.stale'));
        reload();
        return;
      }
      if (error instanceof ApiError && error.fieldErrors.length) setProblems(error.fieldErrors);
      else message.error(errorText(t, error));
    }
  };

  /** Where a problem is, in words: 周二, 节假日 2027-01-01 … */
  const where = (path: string) => {
    const [list, index] = path.split('.');
    if (list === 'weeklyHours' && index !== undefined) return weekday(Number(index));
    if (list === 'holidays' && index !== undefined) return `${t('calendar.holidays')} ${draft.holidays[Number(index)]?.date ?? ''}`;
    if (list === 'makeUpDays' && index !== undefined) return `${t('calendar.makeUpDays')} ${draft.makeUpDays[Number(index)]?.date ?? ''}`;
    return t('calendar.weekly');
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('calendar.timezoneLine', { zone: saved.timezone })} description={t('calendar.enterHint')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('calendar.weekly')} data-testid="weekly-hours">
            {WEEK_ORDER.map((day) => (
              <DayHours key={day} label={weekday(day)} hours={draft.weeklyHours[day]} onChange={(hours) => setDay(day, hours)} />
            ))}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <SpecialDays
            title={t('calendar.holidays')}
            testId="holidays"
            placeholder={t('calendar.holidayPlaceholder')}
            empty={t('calendar.noHolidays')}
            days={draft.holidays}
            taken={new Set(draft.makeUpDays.map((m) => m.date))}
            onChange={(holidays) => setDraft((d) => ({ ...d, holidays }))}
          />
          <div style={{ height: 16 }} />
          <SpecialDays
            title={t('calendar.makeUpDays')}
            testId="make-up-days"
            placeholder={t('calendar.makeUpPlaceholder')}
            empty={t('calendar.noMakeUpDays')}
            hint={t('calendar.makeUpHint')}
            days={draft.makeUpDays}
            taken={new Set(draft.holidays.map((h) => h.date))}
            onChange={(makeUpDays) => setDraft((d) => ({ ...d, makeUpDays }))}
          />
        </Col>
      </Row>
      {problems.length ? (
        <Alert
          type="error"
          showIcon
          title={t('errors.validation_failed')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p, i) => (
                <li key={i}>
                  {where(p.path)}
                  {t('common.colon')}
                  {validationText(t, p)}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Space>
        <Button type="primary" onClick={save} loading={put.isPending} disabled={!dirty} data-testid="save-calendar">
          {t('calendar.save')}
        </Button>
        <Button onClick={() => setDraft(draftOf(saved))} disabled={!dirty}>
          {t('calendar.discard')}
        </Button>
        {dirty ? <Typography.Text type="warning">{t('calendar.unsaved')}</Typography.Text> : null}
      </Space>
      <DeadlinePreview draft={draft} timezone={saved.timezone} />
    </Space>
  );
}

/** One weekday's working periods, e.g. 08:30–12:00 and 13:30–17:30; none = a day off. */
function DayHours({ label, hours, onChange }: { label: string; hours: WorkIntervalInput[]; onChange: (hours: WorkIntervalInput[]) => void }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<WorkIntervalInput>) => onChange(hours.map((h, j) => (j === i ? { ...h, ...patch } : h)));
  const add = () => {
    const last = hours[hours.length - 1];
    onChange([...hours, last ? { start: last.end === '24:00' ? '23:00' : last.end, end: last.end === '24:00' ? '24:00' : '18:00' } : { start: '09:00', end: '18:00' }]);
  };
  return (
    <div className="calendar-day">
      <Typography.Text strong className="calendar-day-label">
        {label}
      </Typography.Text>
      <Space wrap size={[8, 6]}>
        {hours.length === 0 ? <Tag>{t('calendar.dayOff')}</Tag> : null}
        {hours.map((h, i) => (
          <Space.Compact key={i}>
            <Input value={h.start} onChange={(e) => set(i, { start: e.target.value.trim() })} status={TIME.test(h.start) ? undefined : 'error'} maxLength={5} style={{ width: 66 }} aria-label={t('calendar.start')} />
            <Input value={h.end} onChange={(e) => set(i, { end: e.target.value.trim() })} status={TIME.test(h.end) ? undefined : 'error'} maxLength={5} style={{ width: 66 }} aria-label={t('calendar.end')} />
            <Button icon={<CloseOutlined />} onClick={() => onChange(hours.filter((_, j) => j !== i))} aria-label={t('common.delete')} />
          </Space.Compact>
        ))}
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={add}>
          {t('calendar.addPeriod')}
        </Button>
      </Space>
    </div>
  );
}

interface SpecialDay {
  date: string;
  name: string;
  hours?: WorkIntervalInput[];
}

/** Holidays or make-up working days: pick a date, name it, add; the list stays in date order. */
function SpecialDays<T extends SpecialDay>(props: { title: string; testId: string; placeholder: string; empty: string; hint?: string; days: T[]; taken: Set<string>; onChange: (days: T[]) => void }) {
  const { t } = useTranslation();
  const { title, testId, placeholder, empty, hint, days, taken, onChange } = props;
  const [date, setDate] = useState<Dayjs | null>(null);
  const [name, setName] = useState('');
  const day = date?.format('YYYY-MM-DD');
  const clash = day ? (days.some((d) => d.date === day) ? t('calendar.alreadyListed') : taken.has(day) ? t('errors.validation.holiday_and_make_up') : null) : null;
  const add = () => {
    if (!day || !name.trim() || clash) return;
    onChange([...days, { date: day, name: name.trim() } as T].sort((a, b) => a.date.localeCompare(b.date)));
    setDate(null);
  };
  return (
    <Card size="small" title={title} extra={<Typography.Text type="secondary">{t('calendar.count', { count: days.length })}</Typography.Text>} data-testid={testId}>
      <Space.Compact style={{ width: '100%' }}>
        <DatePicker value={date} onChange={setDate} style={{ width: 150 }} placeholder={t('calendar.date')} status={clash ? 'error' : undefined} />
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={placeholder} maxLength={40} onPressEnter={add} />
        <Button icon={<PlusOutlined />} onClick={add} disabled={!day || !name.trim() || Boolean(clash)}>
          {t('calendar.add')}
        </Button>
      </Space.Compact>
      {clash ? <Typography.Text type="danger">{clash}</Typography.Text> : hint ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text> : null}
      {days.length ? (
        <List
          size="small"
          dataSource={days}
          style={{ maxHeight: 240, overflowY: 'auto', marginTop: 8 }}
          renderItem={(d) => (
            <List.Item
              actions={[<Button key="delete" type="text" size="small" icon={<DeleteOutlined />} onClick={() => onChange(days.filter((x) => x !== d))} aria-label={t('common.delete')} />]}
            >
              <Space>
                <Typography.Text code>{d.date}</Typography.Text>
                <Typography.Text type="secondary">{dayjs(d.date).format('ddd')}</Typography.Text>
                <span>{d.name}</span>
                {d.hours?.length ? <Typography.Text type="secondary">{d.hours.map((h) => `${h.start}–${h.end}`).join(', ')}</Typography.Text> : null}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} style={{ margin: '12px 0' }} />
      )}
    </Card>
  );
}

/** The next Friday at 16:00, in the organisation's time zone: the case a calendar most often surprises. */
function nextFriday(timezone: string): string {
  let d = dayjs().tz(timezone);
  while (d.day() !== 5) d = d.add(1, 'day');
  return d.format('YYYY-MM-DD') + ' 16:00';
}

/** "A complaint logged Friday 16:00 is due …", computed in the browser with the calendar being edited. */
function DeadlinePreview({ draft, timezone }: { draft: Draft; timezone: string }) {
  const { t } = useTranslation();
  const policies = useSlaPolicies();
  const [caseType, setCaseType] = useState<CaseType>('complaint');
  const [priority, setPriority] = useState<CasePriority>('normal');
  const [start, setStart] = useState(() => nextFriday(timezone));

  const orgPolicy = policies.data?.items.find((p) => p.siteId === null && p.caseType === caseType && p.priority === priority);
  const targets = orgPolicy ? { firstResponse: orgPolicy.firstResponseMinutes, resolution: orgPolicy.resolutionMinutes } : defaultSlaTargets(caseType, priority);

  const result = useMemo(() => {
    const fallback = draft.weeklyHours[1].length ? draft.weeklyHours[1] : (draft.weeklyHours.find((d) => d.length) ?? []);
    const cal: BusinessCalendar = {
      timezone,
      weeklyHours: draft.weeklyHours,
      holidays: draft.holidays.map((h) => h.date),
      makeUpDays: draft.makeUpDays.map((m) => ({ date: m.date, hours: m.hours ?? fallback })),
    };
    if (validateCalendar(cal).length) return null;
    const from = dayjs.tz(start, timezone).toDate();
    const show = (d: Date | null) => (d ? dayjs(d).tz(timezone).format('YYYY-MM-DD ddd HH:mm') : '-');
    return { first: show(deadline(from, targets.firstResponse, [], cal)), resolution: show(deadline(from, targets.resolution, [], cal)) };
  }, [draft, timezone, start, targets.firstResponse, targets.resolution]);

  return (
    <Card size="small" title={t('calendar.preview')} data-testid="deadline-preview">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<CaseType> value={caseType} onChange={setCaseType} options={CASE_TYPES.map((v) => ({ value: v, label: t(`cases.types.${v}`) }))} style={{ width: 110 }} />
        <Select<CasePriority> value={priority} onChange={setPriority} options={CASE_PRIORITIES.map((v) => ({ value: v, label: t(`cases.priorities.${v}`) }))} style={{ width: 100 }} />
        <Typography.Text>{t('calendar.previewLogged')}</Typography.Text>
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD ddd HH:mm"
          allowClear={false}
          value={dayjs(start, 'YYYY-MM-DD HH:mm')}
          onChange={(v) => v && setStart(v.format('YYYY-MM-DD HH:mm'))}
        />
      </Space>
      {result ? (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'first', label: t('calendar.previewFirst', { target: formatBusinessMinutes(t, targets.firstResponse) }), children: <Typography.Text strong data-testid="preview-first">{result.first}</Typography.Text> },
            { key: 'resolution', label: t('calendar.previewResolution', { target: formatBusinessMinutes(t, targets.resolution) }), children: <Typography.Text strong data-testid="preview-resolution">{result.resolution}</Typography.Text> },
          ]}
        />
      ) : (
        <Typography.Text type="warning">{t('calendar.previewInvalid')}</Typography.Text>
      )}
    </Card>
  );
}
