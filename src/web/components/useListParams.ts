import { useSearchParams } from 'react-router';

export const DEFAULT_PAGE_SIZE = 20;

/**
 * List filters and paging kept in the address bar, so that reloads, the back button and shared
 * links show the same page. Changing a filter goes back to page 1.
 */
export function useListParams<K extends string>(filterNames: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const page = Math.max(Number(params.get('page')) || 1, 1);
  const pageSize = Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE;
  const filters = Object.fromEntries(filterNames.map((name) => [name, params.get(name) ?? undefined])) as Record<K, string | undefined>;

  const update = (patch: Record<string, string | number | undefined>, keepPage = false) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (!keepPage) next.delete('page');
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === '' || value === null) next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );
  };

  return {
    page,
    pageSize,
    filters,
    setFilters: (patch: Partial<Record<K, string | undefined>>) => update(patch),
    setPage: (nextPage: number, nextSize: number) => update({ page: nextPage, pageSize: nextSize }, true),
    reset: () => setParams(new URLSearchParams(), { replace: true }),
  };
}
