import { Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseAction } from '../../../shared/cases/state-machine';
import { OPEN_STATUSES } from '../../../shared/cases/state-machine';
import { ROLE_PERMISSIONS } from '../../../shared/roles';
import type { CaseDetail } from '../../../shared/schemas/cases';
import { useCases, type TransitionInput } from '../../api/cases';
import { ApiError } from '../../api/client';
import { useUsers } from '../../api/users';
import { validationText } from '../../components/errors';
import { useSession } from '../../components/session';

interface Props {
  detail: CaseDetail;
  /** The action being confirmed; null closes the dialog. */
  action: CaseAction | null;
  pending: boolean;
  /** Sends the action; rejects with the server's error. */
  onSubmit: (input: Omit<TransitionInput, 'version'>) => Promise<void>;
  /** A failure that is not about a field of this dialog (stale version, forbidden …). */
  onFailed: (error: unknown) => void;
  onCancel: () => void;
}

interface TransitionForm {
  assigneeId?: string;
  intoCaseId?: string;
  note?: string;
}

/**
 * Confirms an action with an optional note; assign asks whom (people who may take cases on the
 * site, or only "me" without users.read), merge asks into which open case.
 */
export function TransitionModal({ detail, action, pending, onSubmit, onFailed, onCancel }: Props) {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const [form] = Form.useForm<TransitionForm>();
  const [caseSearch, setCaseSearch] = useState('');
  const canPickPeople = can('cases.assign') && can('users.read');
  const users = useUsers({ siteId: detail.siteId, active: 'true', pageSize: 100 }, action === 'assign' && canPickPeople);
  const targets = useCases({ q: caseSearch.trim() || undefined, status: OPEN_STATUSES.join(','), pageSize: 20 }, action === 'merge');

  const people = [
    { value: me.user.id, label: t('cases.assignToMeOption', { name: me.user.name }) },
    ...(users.data?.items ?? [])
      .filter((u) => u.id !== me.user.id)
      .map((u) => ({ user: u, grant: u.roles.find((r) => r.siteId === detail.siteId && ROLE_PERMISSIONS[r.role].includes('cases.write')) }))
      .filter(({ grant }) => grant !== undefined)
      .map(({ user, grant }) => ({ value: user.id, label: `${user.name} · ${t(`roles.${grant!.role}`)}` })),
  ];
  const mergeTargets = (targets.data?.items ?? []).filter((c) => c.id !== detail.id).map((c) => ({ value: c.id, label: `${c.number} · ${c.title}` }));

  const submit = async (values: TransitionForm) => {
    if (!action) return;
    try {
      await onSubmit({
        action,
        assigneeId: action === 'assign' ? values.assigneeId : undefined,
        intoCaseId: action === 'merge' ? values.intoCaseId : undefined,
        note: values.note?.trim() || undefined,
      });
    } catch (error) {
      const fields = (error instanceof ApiError ? error.fieldErrors : [])
        .filter((d) => d.path === 'assigneeId' || d.path === 'intoCaseId' || d.path === 'note')
        .map((d) => ({
          name: d.path as keyof TransitionForm,
          errors: [d.message === 'not_assignable' ? t('cases.errors.notAssignable') : validationText(t, d)],
        }));
      if (fields.length) form.setFields(fields);
      else onFailed(error);
    }
  };

  const required = { required: true, message: t('errors.validation.required') };
  return (
    <Modal
      open={action !== null}
      title={action ? t('cases.confirmTitle', { action: t(`cases.actions.${action}`), number: detail.number }) : ''}
      okText={action ? t(`cases.actions.${action}`) : undefined}
      okButtonProps={{ danger: action === 'cancel', loading: pending }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      {action ? (
        <Form<TransitionForm> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ assigneeId: canPickPeople ? undefined : me.user.id }}>
          <Typography.Paragraph type="secondary">{t(`cases.actionHints.${action}`)}</Typography.Paragraph>
          {action === 'assign' ? (
            <Form.Item name="assigneeId" label={t('cases.assignee')} rules={[required]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={users.isFetching}
                options={people}
                placeholder={t('cases.assigneePick')}
                disabled={!canPickPeople}
              />
            </Form.Item>
          ) : null}
          {action === 'merge' ? (
            <Form.Item name="intoCaseId" label={t('cases.mergeInto')} rules={[required]}>
              <Select
                showSearch={{ filterOption: false, onSearch: setCaseSearch }}
                loading={targets.isFetching}
                options={mergeTargets}
                placeholder={t('cases.mergeSearch')}
              />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label={t('cases.note')} rules={[{ max: 2000, message: t('errors.validation.too_big') }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('cases.notePlaceholder')} />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
