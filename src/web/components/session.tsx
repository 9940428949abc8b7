import { createContext, useContext } from 'react';
import type { Me } from '../../shared/schemas/auth';
import type { Permission } from '../../shared/roles';

interface Session {
  me: Me;
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ me, children }: { me: Me; children: React.ReactNode }) {
  const can = (permission: Permission) => me.permissions.includes(permission);
  return <SessionContext.Provider value={{ me, can }}>{children}</SessionContext.Provider>;
}

/** The signed-in user and their permissions; only inside the authenticated app. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in app');
  return session;
}
