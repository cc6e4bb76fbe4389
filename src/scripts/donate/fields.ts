// The form's controls by name, and which of its fields are the donor's answers.

/** Fields that are the page's, not the donor's: never validated, never kept in the draft. */
export const META = new Set(['_action', 'locale', 'startedAt', 'idempotencyKey', 'website']);

/** Every control of a field (a radio group has several). */
export function controls(form: HTMLFormElement, name: string): HTMLInputElement[] {
  return [...form.querySelectorAll<HTMLInputElement>(`[name="${CSS.escape(name)}"]`)];
}

/** The names of the donor's fields, goods lines included. */
export function fieldNames(form: HTMLFormElement): Set<string> {
  return new Set([...form.querySelectorAll<HTMLInputElement>('[name]')].map((c) => c.name).filter((name) => name && !META.has(name)));
}

/** The form's values as it would post them (text only: it has no file fields). */
export function entries(form: HTMLFormElement): [string, string][] {
  return [...new FormData(form).entries()].filter((e): e is [string, string] => typeof e[1] === 'string');
}

/** The control of a field that has one (`startedAt`, `idempotencyKey`, `organization.name`). */
export function control(form: HTMLFormElement, name: string): HTMLInputElement | null {
  return form.elements.namedItem(name) as HTMLInputElement | null;
}
