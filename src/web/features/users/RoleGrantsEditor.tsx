import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLES, type RoleGrant } from '../../../shared/roles';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';

/** Stands for "organisation-wide" in the site picker, which cannot hold null. */
export const ORG_WIDE = '__org__';

export interface GrantRow {
  role?: RoleGrant['role'];
  siteId?: string;
}

export function toGrantRows(grants: readonly { role: RoleGrant['role']; siteId: string | null }[]): GrantRow[] {
  return grants.map((g) => ({ role: g.role, siteId: g.siteId ?? ORG_WIDE }));
}

export function fromGrantRows(rows: GrantRow[] | undefined): RoleGrant[] {
  return (rows ?? [])
    .filter((r): r is Required<GrantRow> => Boolean(r.role && r.siteId))
    .map((r) => ({ role: r.role, siteId: r.siteId === ORG_WIDE ? null : r.siteId }));
}

/** Role grants: each a role on one site (and everything under it) or on the whole organisation. */
export function RoleGrantsEditor() {
  const { t } = useTranslation();
  const required = { required: true, message: t('errors.validation.required') };
  return (
    <Form.List name="roles">
      {(fields, { add, remove }) => (
        <>
          {fields.length === 0 ? (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('users.noRolesHint')}
            </Typography.Paragraph>
          ) : null}
          {fields.map((field) => (
            <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 0 }}>
              <Form.Item name={[field.name, 'role']} rules={[required]} style={{ width: 170 }}>
                <Select placeholder={t('users.role')} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
              </Form.Item>
              <Form.Item name={[field.name, 'siteId']} rules={[required]} style={{ width: 250 }}>
                <SiteTreeSelect placeholder={t('users.scope')} extraOption={{ value: ORG_WIDE, title: t('common.orgWide') }} allowClear={false} style={{ width: 250 }} />
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ siteId: ORG_WIDE })} block>
            {t('users.addRole')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
