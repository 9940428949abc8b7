import { DeleteOutlined, EditOutlined, SaveOutlined, StarOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Segmented, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedView } from '../../../shared/schemas/views';
import { useCreateView, useDeleteView, useSavedViews, useUpdateView } from '../../api/views';
import { applyServerErrors, errorText } from '../../components/errors';

interface Props {
  /** the open view's id, if any */
  activeId: string | undefined;
  /** the list's query as it stands (filters and sort, no paging), which "save" stores */
  current: Record<string, string>;
  onOpen: (view: SavedView) => void;
  /** after the open view is deleted */
  onClosed: () => void;
}

/** Same keys with the same values, whatever their order. */
const sameQuery = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * The person's saved views beside the queues: open one, save the current filters as a new view,
 * and for the open view: save its changed filters, rename, delete.
 */
export function SavedViews({ activeId, current, onOpen, onClosed }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const views = useSavedViews();
  const create = useCreateView();
  const update = useUpdateView();
  const remove = useDeleteView();
  const [naming, setNaming] = useState<'new' | 'rename' | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const active = views.data?.find((v) => v.id === activeId);
  const changed = active ? !sameQuery(active.query, current) : false;

  const submitName = async ({ name }: { name: string }) => {
    try {
      if (naming === 'rename' && active) {
        await update.mutateAsync({ id: active.id, body: { name } });
        message.success(t('views.renamed'));
      } else {
        const view = await create.mutateAsync({ name, query: current });
        message.success(t('views.saved', { name: view.name }));
        onOpen(view);
      }
      setNaming(null);
    } catch (error) {
      if (!applyServerErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  return (
    <Space wrap size={8} data-testid="saved-views">
      {views.data?.length ? (
        <Segmented<string>
          value={active?.id ?? ''}
          onChange={(id) => {
            const view = views.data?.find((v) => v.id === id);
            if (view) onOpen(view);
          }}
          options={views.data.map((v) => ({ value: v.id, label: <span data-testid="saved-view">{v.name}</span>, icon: <StarOutlined /> }))}
        />
      ) : null}
      {active ? (
        <>
          {changed ? (
            <Tooltip title={t('views.updateHint')}>
              <Button
                size="small"
                icon={<SaveOutlined />}
                loading={update.isPending}
                onClick={() =>
                  update.mutate(
                    { id: active.id, body: { query: current } },
                    { onSuccess: () => void message.success(t('views.updated')), onError: (error) => void message.error(errorText(t, error)) },
                  )
                }
              >
                {t('views.update')}
              </Button>
            </Tooltip>
          ) : null}
          <Tooltip title={t('views.rename')}>
            <Button
              size="small"
              type="text"
              icon={<EditOutlined />}
              aria-label={t('views.rename')}
              onClick={() => {
                form.setFieldsValue({ name: active.name });
                setNaming('rename');
              }}
            />
          </Tooltip>
          <Popconfirm
            title={t('views.deleteConfirm', { name: active.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove.mutate(active.id, {
                onSuccess: () => {
                  message.success(t('views.deleted'));
                  onClosed();
                },
                onError: (error) => void message.error(errorText(t, error)),
              })
            }
          >
            <Tooltip title={t('views.delete')}>
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('views.delete')} />
            </Tooltip>
          </Popconfirm>
        </>
      ) : null}
      <Button
        size="small"
        icon={<StarOutlined />}
        data-testid="save-view"
        onClick={() => {
          form.resetFields();
          setNaming('new');
        }}
      >
        {t('views.save')}
      </Button>
      <Modal
        open={naming !== null}
        title={naming === 'rename' ? t('views.rename') : t('views.saveTitle')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        okButtonProps={{ loading: create.isPending || update.isPending }}
        onCancel={() => setNaming(null)}
        forceRender
      >
        <Form<{ name: string }> form={form} layout="vertical" onFinish={submitName}>
          <Form.Item name="name" label={t('views.name')} rules={[{ required: true, whitespace: true, message: t('errors.validation.required') }, { max: 60, message: t('errors.validation.too_big') }]}>
            <Input maxLength={60} placeholder={t('views.namePlaceholder')} autoFocus />
          </Form.Item>
          {naming === 'new' ? <Typography.Text type="secondary">{t('views.saveHint')}</Typography.Text> : null}
        </Form>
      </Modal>
    </Space>
  );
}
