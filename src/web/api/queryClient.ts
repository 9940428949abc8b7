import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';
import { ME_KEY } from './auth';

/** A 401 anywhere means the session ended: forget the user so the app shows the login page. */
function onError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401 && error.code === 'unauthenticated') {
    queryClient.setQueryData(ME_KEY, null);
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors will not change on retry; network hiccups and 5xx may.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});
