import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  LADDER_RUNGS,
  type OverdueEvidence,
  type RepeatEvidence,
  type ScoreEvidence,
  type Stage,
  type StageSignal,
  stageRank,
  type WordingEvidence,
} from '../../../shared/ladder/ladder';
import type { CaseDetail } from '../../../shared/schemas/cases';
import { TierTag } from '../../components/tags';
import { formatDateTime } from '../../format';
import { formatMinutes } from '../recovery/money';
import { StageTag } from './StageTag';

const RUNG_FILL: Record<Stage, string> = { none: '#f5f5f5', latent: '#fff1b8', expressed: '#ffd591', potential_complaint: '#ffbb96', complaint: '#ffa39e' };
const RUNG_BORDER: Record<Stage, string> = { none: '#d9d9d9', latent: '#d4b106', expressed: '#d46b08', potential_complaint: '#d4380d', complaint: '#cf1322' };
const TERM_COLOR: Record<string, string> = { escalation: 'red', dissatisfaction: 'orange', repeat: 'gold', delay: 'gold', urgency: 'default' };

/** The case's stage as a ladder of four rungs (the highest on top), and the signals that put it there with their evidence. */
export function LadderPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const current = stageRank(detail.stage);
  const points = detail.stageSignals.reduce((sum, s) => sum + s.points, 0);
  const signals = [...(detail.stageSignals as StageSignal[])].sort((a, b) => stageRank(b.floor) - stageRank(a.floor) || b.points - a.points);
  return (
    <Card
      size="small"
      title={t('ladder.title')}
      extra={
        <Tooltip title={t('ladder.rules')}>
          <InfoCircleOutlined style={{ color: '#8c8c8c' }} />
        </Tooltip>
      }
      style={{ marginBottom: 16 }}
      data-testid="ladder-panel"
    >
      <div style={{ display: 'flex', flexDirection: 'column', gap: 4, marginBottom: 12 }} data-testid="ladder-rungs">
        {[...LADDER_RUNGS].reverse().map((rung) => {
          const reached = stageRank(rung) <= current;
          const here = rung === detail.stage;
          return (
            <div
              key={rung}
              data-rung={rung}
              data-reached={reached}
              style={{
                display: 'flex',
                justifyContent: 'space-between',
                alignItems: 'center',
                padding: '4px 10px',
                borderRadius: 4,
                background: reached ? RUNG_FILL[rung] : '#fafafa',
                border: here ? `2px solid ${RUNG_BORDER[rung]}` : '1px solid #f0f0f0',
                marginLeft: (LADDER_RUNGS.length - stageRank(rung)) * 12,
              }}
            >
              <Typography.Text strong={here} type={reached ? undefined : 'secondary'}>
                {t(`ladder.stages.${rung}`)}
              </Typography.Text>
              {here ? <Typography.Text style={{ fontSize: 12 }}>◀</Typography.Text> : null}
            </div>
          );
        })}
      </div>
      {signals.length === 0 ? (
        <Typography.Text type="secondary">{t('ladder.noSignals')}</Typography.Text>
      ) : (
        <Space orientation="vertical" size={10} style={{ width: '100%' }} data-testid="ladder-signals">
          {signals.map((signal) => (
            <div key={signal.code} data-signal={signal.code}>
              <Space size={6} wrap>
                <Typography.Text strong>{t(`ladder.signals.${signal.code}`)}</Typography.Text>
                {signal.points ? <Typography.Text type="secondary">{t('ladder.points', { points: signal.points })}</Typography.Text> : null}
                <StageTag stage={signal.floor} />
              </Space>
              <div style={{ marginTop: 2 }}>
                <Evidence signal={signal} />
              </div>
            </div>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ladder.total', { points })}
            {detail.stageChangedAt ? ` · ${t('ladder.changedAt', { time: formatDateTime(detail.stageChangedAt) })}` : ''}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}

function Evidence({ signal }: { signal: StageSignal }) {
  const { t } = useTranslation();
  const secondary = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>;
  switch (signal.code) {
    case 'complaint_type':
      return secondary(t('ladder.evidence.complaint'));
    case 'wording': {
      const { terms } = signal.evidence as WordingEvidence;
      return (
        <Space size={[4, 4]} wrap>
          {secondary(`${t('ladder.evidence.words')}${t('common.colon')}`)}
          {terms.map((m, i) => (
            <Tag key={`${m.term}-${i}`} color={TERM_COLOR[m.category] ?? 'default'} style={{ marginInlineEnd: 0 }}>
              {m.term}
            </Tag>
          ))}
        </Space>
      );
    }
    case 'repeat_contact': {
      const { days, cases } = signal.evidence as RepeatEvidence;
      return (
        <div>
          {secondary(`${t('ladder.evidence.repeat', { days })}${t('common.colon')}`)}
          {cases.map((c) => (
            <div key={c.id}>
              <Link to={`/cases/${c.id}`}>{c.number}</Link>{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                ({c.reasons.map((r) => t(`ladder.evidence.reasons.${r}`)).join(', ')})
              </Typography.Text>
            </div>
          ))}
        </div>
      );
    }
    case 'overdue': {
      const { deadlines } = signal.evidence as OverdueEvidence;
      return (
        <div>
          {deadlines.map((d) => (
            <div key={d.kind}>{secondary(t(d.kind === 'first_response' ? 'ladder.evidence.firstResponse' : 'ladder.evidence.resolution', { time: formatMinutes(t, d.minutesLate) }))}</div>
          ))}
        </div>
      );
    }
    case 'low_score': {
      const e = signal.evidence as ScoreEvidence;
      const source = t(`ladder.sources.${e.source}`, { defaultValue: e.source });
      return secondary(`${t('ladder.evidence.score', { source, score: e.score, scale: e.scale })} · ${formatDateTime(e.recordedAt)}`);
    }
    case 'customer_tier':
      return <TierTag tier={(signal.evidence as { tier: 'vip' | 'key' }).tier} />;
    case 'reopened':
      return secondary(t('ladder.evidence.reopened', { count: (signal.evidence as { count: number }).count }));
    default:
      return null;
  }
}
