// The user whose saved language has already been applied in this tab.
let syncedUserId: string | null = null;

export function languageSyncedFor(userId: string): boolean {
  return syncedUserId === userId;
}

export function markLanguageSynced(userId: string | null): void {
  syncedUserId = userId;
}
