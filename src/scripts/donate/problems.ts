// Showing problems: under their fields, in the summary above the form, and notices that are about no one field.
import { controlFor, fieldId, type ShownProblem } from '../../lib/donate-form';
import type { Translate } from './config';
import { controls, fieldNames } from './fields';

export interface Problems {
  /** Shows problems next to their fields: all of them, or only for the fields named; the others are cleared. */
  render(problems: ShownProblem[], only?: Set<string>): void;
  /** The summary: each problem a link to its field; hidden when there are none. */
  showSummary(problems: ShownProblem[]): void;
  showNotice(text: string): void;
  hideNotice(): void;
  /** Whether the server's page came with problems (a post without JavaScript). */
  shownByServer(): boolean;
  /** Clears every field's problem, the summary and the notice. */
  clear(): void;
}

export function problemsOf(form: HTMLFormElement, m: Translate): Problems {
  const summary = document.getElementById('error-summary') as HTMLDivElement | null;
  const notice = document.getElementById('form-notice') as HTMLDivElement | null;

  function setError(name: string, message: string | undefined) {
    const error = document.getElementById(`${fieldId(name)}-error`);
    if (error) error.textContent = message ?? '';
    for (const control of controls(form, name)) {
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    }
  }

  function render(problems: ShownProblem[], only?: Set<string>) {
    const byControl = new Map<string, string>();
    for (const p of problems) if (!byControl.has(controlFor(p.path))) byControl.set(controlFor(p.path), p.message);
    for (const name of fieldNames(form)) if (!only || only.has(name)) setError(name, byControl.get(name));
  }

  function showSummary(problems: ShownProblem[]) {
    if (!summary) return;
    const title = summary.querySelector('h2');
    const list = summary.querySelector('ul');
    if (title) title.textContent = m('errors.title', { count: problems.length });
    list?.replaceChildren(
      ...problems.map((p) => {
        const control = controlFor(p.path);
        const link = document.createElement('a');
        link.href = `#${fieldId(control)}`;
        link.textContent = `${controls(form, control)[0]?.dataset.label ?? p.path}: ${p.message}`;
        const item = document.createElement('li');
        item.append(link);
        return item;
      }),
    );
    summary.hidden = problems.length === 0;
    if (problems.length) summary.focus();
  }

  // A summary link puts the cursor in the field, not only the field in view.
  summary?.addEventListener('click', (event) => {
    const link = (event.target as Element).closest('a');
    const target = link && document.getElementById(link.hash.slice(1));
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: 'center' });
  });

  return {
    render,
    showSummary,
    showNotice(text) {
      if (!notice) return;
      notice.textContent = text;
      notice.hidden = false;
      notice.focus();
    },
    hideNotice() {
      if (notice) notice.hidden = true;
    },
    shownByServer: () => Boolean(summary && !summary.hidden) || Boolean(notice && !notice.hidden),
    clear() {
      for (const name of fieldNames(form)) setError(name, undefined);
      if (summary) summary.hidden = true;
      if (notice) notice.hidden = true;
    },
  };
}
