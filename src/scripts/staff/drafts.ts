// Drafts of what staff type, kept in this browser tab (sessionStorage) until sent.

/**
 * What staff type is kept in this tab until it is sent, so a session that ends midway
 * (the sign-in page, then back here) or a reload loses nothing. `scope` names the page's
 * subject (an offer's reference); storage that is full or refused just keeps nothing.
 */
export function sessionDrafts(scope: string) {
  const key = (field: string) => `tx-staff-draft:${scope}:${field}`;
  return {
    get(field: string): string {
      try {
        return sessionStorage.getItem(key(field)) ?? '';
      } catch {
        return '';
      }
    },
    set(field: string, value: string) {
      try {
        if (value) sessionStorage.setItem(key(field), value);
        else sessionStorage.removeItem(key(field));
      } catch {
        // Storage full or refused: the draft just is not kept.
      }
    },
  };
}

export type Drafts = ReturnType<typeof sessionDrafts>;
