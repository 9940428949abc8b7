import { Alert, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_PERMISSIONS } from '../../../shared/roles';
import type { Case } from '../../../shared/schemas/cases';
import { useBulkAssign } from '../../api/cases';
import { ApiError } from '../../api/client';
import { useSites } from '../../api/sites';
import { useUsers } from '../../api/users';
import { errorText } from '../../components/errors';
import { subtreeIds } from '../../components/siteTree';

interface Props {
  open: boolean;
  /** the selected cases, each with the version the list showed */
  cases: Case[];
  onDone: (count: number) => void;
  onCancel: () => void;
}

const REASONS: Record<string, string> = {
  stale_version: 'cases.bulk.reasons.stale',
  illegal_transition: 'cases.bulk.reasons.illegal',
  not_assignable: 'cases.bulk.reasons.notAssignable',
  not_found: 'cases.bulk.reasons.notFound',
  forbidden: 'cases.bulk.reasons.forbidden',
};

/**
 * Assigns the selected cases to one person, all or none. Offered are the people who may take
 * cases on every selected case's site (a grant with case work on that site or above it); a refusal
 * lists each case the server named, with why.
 */
export function BulkAssignModal({ open, cases, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const [assigneeId, setAssigneeId] = useState<string>();
  const users = useUsers({ active: 'true', pageSize: 200 }, open);
  const sites = useSites({ pageSize: 200 }, open);
  const assign = useBulkAssign();

  const siteIds = [...new Set(cases.map((c) => c.siteId))];
  const allSites = sites.data?.items ?? [];
  // The same rule as the server's: a grant with case work covers its site and every site below it.
  const covers = (grantSite: string | null, caseSite: string) => grantSite === null || subtreeIds(allSites, grantSite).has(caseSite);
  const people = (users.data?.items ?? [])
    .filter((u) => {
      const grants = u.roles.filter((r) => ROLE_PERMISSIONS[r.role].includes('cases.write'));
      return siteIds.every((s) => grants.some((g) => covers(g.siteId, s)));
    })
    .map((u) => ({ value: u.id, label: `${u.name} · ${u.roles.map((r) => t(`roles.${r.role}`)).join('、')}` }));

  const refused = assign.error instanceof ApiError && Array.isArray(assign.error.details) ? (assign.error.details as { code?: string; number?: string; caseId?: string }[]) : [];

  const submit = () => {
    if (!assigneeId) return;
    assign.mutate(
      { cases: cases.map((c) => ({ id: c.id, version: c.version })), assigneeId },
      {
        onSuccess: (result) => {
          setAssigneeId(undefined);
          assign.reset();
          onDone(result.items.length);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('cases.bulk.title', { count: cases.length })}
      okText={t('cases.bulk.assign')}
      okButtonProps={{ disabled: !assigneeId, loading: assign.isPending }}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={() => {
        assign.reset();
        onCancel();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('cases.bulk.hint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('cases.assignee')} required>
          <Select
            data-testid="bulk-assignee"
            showSearch={{ optionFilterProp: 'label' }}
            loading={users.isFetching || sites.isFetching}
            options={people}
            value={assigneeId}
            onChange={setAssigneeId}
            placeholder={t('cases.assigneePick')}
            notFoundContent={users.isFetching ? undefined : t('cases.bulk.nobody')}
          />
        </Form.Item>
      </Form>
      {assign.error ? (
        <Alert
          type="error"
          showIcon
          data-testid="bulk-error"
          title={refused.length ? t('cases.bulk.refused', { count: refused.length }) : errorText(t, assign.error)}
          description={
            refused.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {refused.map((d, i) => (
                  <li key={d.caseId ?? i}>
                    {d.number ?? t('cases.bulk.unknownCase')}
                    {t('common.colon')}
                    {t(REASONS[d.code ?? ''] ?? 'cases.bulk.reasons.other')}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
    </Modal>
  );
}
