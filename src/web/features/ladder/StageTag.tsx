import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Stage } from '../../../shared/ladder/ladder';

export const STAGE_COLOR: Record<Stage, string> = {
  none: 'default',
  latent: 'gold',
  expressed: 'orange',
  potential_complaint: 'volcano',
  complaint: 'red',
};

/** A case's or customer's rung on the dissatisfaction ladder; `none` only when asked to show it. */
export function StageTag({ stage, showNone = false }: { stage: Stage; showNone?: boolean }) {
  const { t } = useTranslation();
  if (stage === 'none' && !showNone) return null;
  return (
    <Tooltip title={t(`ladder.stageHints.${stage}`)}>
      <Tag
        color={STAGE_COLOR[stage]}
        data-testid="stage-tag"
        data-stage={stage}
        // Long English names in narrow table columns: cut with an ellipsis, the tooltip explains.
        style={{ maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'middle' }}
      >
        {t(`ladder.stages.${stage}`)}
      </Tag>
    </Tooltip>
  );
}
