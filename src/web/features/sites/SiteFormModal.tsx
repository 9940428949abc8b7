import { App, Form, Input, Modal, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SITE_KINDS, type SiteKind } from '../../../shared/roles';
import type { Site } from '../../../shared/schemas/org';
import { useSaveSite, useSiteTree } from '../../api/sites';
import { applyServerErrors, errorText } from '../../components/errors';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { subtreeIds } from '../../components/siteTree';

interface SiteForm {
  name: string;
  code: string;
  kind: SiteKind;
  parentId?: string;
  address?: string;
  phone?: string;
}

interface Props {
  open: boolean;
  /** The site being edited; undefined to create one. */
  site?: Site;
  /** Parent preselected when creating from a node of the tree. */
  defaultParentId?: string;
  onClose: () => void;
}

export function SiteFormModal({ open, site, defaultParentId, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SiteForm>();
  const save = useSaveSite();
  const { data: allSites } = useSiteTree();
  const exclude = useMemo(() => (site && allSites ? subtreeIds(allSites, site.id) : undefined), [site, allSites]);

  const submit = async (values: SiteForm) => {
    const body = {
      name: values.name,
      code: values.code,
      kind: values.kind,
      parentId: values.parentId ?? null,
      address: values.address ?? '',
      phone: values.phone ?? '',
    };
    try {
      await save.mutateAsync(site ? { id: site.id, body: { ...body, version: site.version } } : { body });
      message.success(t(site ? 'common.saved' : 'common.created'));
      onClose();
    } catch (error) {
      if (!applyServerErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  return (
    <Modal
      open={open}
      title={site ? t('sites.edit') : t('sites.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={560}
    >
      <Form<SiteForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          site
            ? { name: site.name, code: site.code, kind: site.kind, parentId: site.parentId ?? undefined, address: site.address ?? '', phone: site.phone ?? '' }
            : { kind: 'site', parentId: defaultParentId }
        }
      >
        <Form.Item name="name" label={t('sites.name')} rules={[{ required: true, whitespace: true, message: t('errors.validation.required') }, { max: 100, message: t('errors.validation.too_big') }]}>
          <Input placeholder={t('sites.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('sites.code')}
          extra={t('sites.codeHint')}
          rules={[
            { required: true, message: t('errors.validation.required') },
            { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, message: t('errors.validation.code_format') },
            { max: 32, message: t('errors.validation.too_big') },
          ]}
        >
          <Input placeholder="SH-01" />
        </Form.Item>
        <Form.Item name="kind" label={t('sites.kind')} rules={[{ required: true, message: t('errors.validation.required') }]}>
          <Select options={SITE_KINDS.map((k) => ({ value: k, label: t(`siteKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="parentId" label={t('sites.parent')} extra={t('sites.parentHint')}>
          <SiteTreeSelect exclude={exclude} placeholder={t('sites.noParent')} />
        </Form.Item>
        <Form.Item name="address" label={t('sites.address')} rules={[{ max: 200, message: t('errors.validation.too_big') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('sites.phone')} rules={[{ max: 32, message: t('errors.validation.too_big') }]}>
          <Input placeholder="021-12345678" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
