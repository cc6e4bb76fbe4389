/** How many stories one list page shows: short enough for a phone on a slow line. */
export const storiesPerPage = 6;

export function pageCount(total: number, perPage = storiesPerPage): number {
  return Math.max(1, Math.ceil(total / perPage));
}

export function pageSlice<T>(items: T[], page: number, perPage = storiesPerPage): T[] {
  return items.slice((page - 1) * perPage, page * perPage);
}
