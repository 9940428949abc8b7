import { useEffect } from 'react';
import { useSearchParams } from 'react-router';

/** Opens a create form when the page is reached with `?new=1` (shortcuts on the workbench). */
export function useCreateParam(open: () => void, allowed: boolean): void {
  const [params, setParams] = useSearchParams();
  const requested = params.get('new') === '1';
  useEffect(() => {
    if (!requested) return;
    if (allowed) open();
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.delete('new');
        return next;
      },
      { replace: true },
    );
    // Runs once per request; `open` may change identity on every render.
  }, [requested]);
}
