import type { UseQueryResult } from '@tanstack/react-query';
import { Table, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../shared/schemas/common';

interface PagedTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'rowKey' | 'size'> {
  /** A list query answering `{items, total, page, pageSize}`. */
  query: UseQueryResult<Page<T>>;
  /** Page and page size, from useListParams (kept in the address bar). */
  list: { page: number; pageSize: number; setPage: (page: number, pageSize: number) => void };
}

/** A server-paged table: rows and total from the list query, paging through the address bar. */
export function PagedTable<T extends { id: string }>({ query, list, ...tableProps }: PagedTableProps<T>) {
  const { t } = useTranslation();
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
        showTotal: (total) => t('common.total', { total }),
        onChange: list.setPage,
      }}
      {...tableProps}
    />
  );
}
