import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CommunicationRecord } from '../../../shared/schemas/records';
import { CaseStatusTag } from '../cases/caseTags';

/** Problems of a record in a list cell: how many, how many became cases, how many of those are solved. */
export function ProblemSummary({ problems }: { problems: CommunicationRecord['problems'] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return <Typography.Text type="secondary">{t('records.noProblems')}</Typography.Text>;
  const cases = problems.filter((p) => p.case);
  const solved = cases.filter((p) => p.case && ['resolved', 'closed'].includes(p.case.status)).length;
  const open = problems.length - cases.length;
  return (
    <Space size={4} wrap>
      <Tag color={open ? 'orange' : 'default'}>{t('records.problemCount', { count: problems.length })}</Tag>
      {cases.length ? <Tag color={solved === cases.length ? 'green' : 'blue'}>{t('records.casesSolved', { cases: cases.length, solved })}</Tag> : null}
    </Space>
  );
}

/** The case a problem became: its number (a link) and status. */
export function ProblemCase({ linked }: { linked: NonNullable<CommunicationRecord['problems'][number]['case']> }) {
  return (
    <Space size={4}>
      <Link to={`/cases/${linked.id}`} data-testid="problem-case-link">
        {linked.number}
      </Link>
      <CaseStatusTag status={linked.status} />
    </Space>
  );
}
