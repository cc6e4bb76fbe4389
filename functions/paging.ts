/** One page of a list as the staff API answers it: the items, how many in all, and where this page is. */
export function pageOf<T>(items: T[], total: number, page: number, pageSize: number) {
  return { items, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

export type Page<T> = ReturnType<typeof pageOf<T>>;
