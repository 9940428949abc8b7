import type { UseQueryResult } from '@tanstack/react-query';
import { Table, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../shared/schemas/common';

interface PagedTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'rowKey' | 'size'> {
  /** A list query answering `{items, total, page, pageSize}`; `totalCapped` when the total is a lower bound (a search counts only so far). */
  query: UseQueryResult<Page<T> & { totalCapped?: boolean }>;
  /** Page and page size, from useListParams (kept in the address bar). */
  list: { page: number; pageSize: number; setPage: (page: number, pageSize: number) => void };
}

/** A server-paged table: rows and total from the list query, paging through the address bar. */
export function PagedTable<T extends { id: string }>({ query, list, ...tableProps }: PagedTableProps<T>) {
  const { t, i18n } = useTranslation();
  const capped = query.data?.totalCapped === true;
  return (
    <Table<T>
      size="middle"
      rowKey="id"
      dataSource={query.data?.items ?? []}
      loading={query.isFetching}
      pagination={{
        current: list.page,
        pageSize: list.pageSize,
        total: query.data?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) =>
          capped ? <span title={t('search.totalCappedHint', { total: total.toLocaleString(i18n.language) })}>{t('search.totalAtLeast', { total: total.toLocaleString(i18n.language) })}</span> : t('common.total', { total }),
        onChange: list.setPage,
      }}
      {...tableProps}
    />
  );
}
