/**
 * The donation form's one script: everything the page does without it, plus inline
 * validation with the API's own schema, a draft that survives a reload, goods lines
 * added and removed in place, and a submission that can be retried safely.
 */
import type { ApiErrorBody } from '../lib/api-types';
import { controlFor, fieldId, inFormOrder, type ShownProblem } from '../lib/donate-form';
import { fieldProblems } from '../lib/field-problem';
import { formToOfferInput, pathInForm } from '../lib/offer-form';
import { createOfferSchema } from '../lib/offer-schema';
import type { PhoneReader } from '../lib/phone';
import { problemParams, translate } from '../lib/problem-message';

interface Config {
  locale: string;
  intl: string;
  groupSeparator: ',' | '.';
  api: string;
  thanks: string;
  maxLines: number;
  messages: Record<string, string>;
}

interface Draft {
  v: 1;
  startedAt: string;
  key: string;
  fields: [string, string][];
}

const DRAFT = 'tongxin:donate-draft:v1';
/** Fields that are the page's, not the donor's: never validated, never kept in the draft. */
const META = new Set(['_action', 'locale', 'startedAt', 'idempotencyKey', 'website']);
/** How long a submission waits for the phone rules before leaving the number to the API. */
const PHONE_RULES_WAIT_MS = 5_000;

const form = document.getElementById('donate-form');
const configElement = document.getElementById('donate-config');
if (form instanceof HTMLFormElement && configElement) enhance(form, JSON.parse(configElement.textContent ?? '{}') as Config);

function enhance(form: HTMLFormElement, config: Config) {
  const m = (key: string, params?: Record<string, string | number>) => translate(config.messages, config.intl, key, params);
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
  const summary = byId<HTMLDivElement>('error-summary');
  const notice = byId<HTMLDivElement>('form-notice');
  const status = byId<HTMLParagraphElement>('form-status');
  const send = byId<HTMLButtonElement>('send');
  const lines = byId<HTMLDivElement>('goods-lines');
  const addButton = form.querySelector<HTMLButtonElement>('.add-line');
  const hidden = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
  const touched = new Set<string>();
  let submittedOnce = false;
  let sending = false;
  // Phone numbers are checked with libphonenumber's rules, fetched only when the phone
  // field is used (docs/decisions/070-input-hygiene.md); until then, only their characters.
  let schema = createOfferSchema();
  let readPhone: PhoneReader | undefined;
  let phoneRules: Promise<void> | undefined;

  const entries = () => [...new FormData(form).entries()].filter((e): e is [string, string] => typeof e[1] === 'string');

  /** The offer as typed, and its problems worded in the page's language. */
  function check() {
    const { input, rows } = formToOfferInput(entries(), config.groupSeparator);
    const result = schema.safeParse(input);
    const problems: ShownProblem[] = result.success
      ? []
      : inFormOrder(
          fieldProblems(result.error.issues).map((p) => ({
            path: pathInForm(p.path, rows),
            message: m(`validation.${p.code}`, problemParams(p, config.intl)),
          })),
        );
    return { input: { ...input, locale: config.locale }, rows, problems };
  }

  function controls(name: string) {
    return [...form.querySelectorAll<HTMLInputElement>(`[name="${CSS.escape(name)}"]`)];
  }

  function setError(name: string, message: string | undefined) {
    const error = byId(`${fieldId(name)}-error`);
    if (error) error.textContent = message ?? '';
    for (const control of controls(name)) {
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    }
  }

  function fieldNames() {
    return new Set([...form.querySelectorAll<HTMLInputElement>('[name]')].map((c) => c.name).filter((name) => name && !META.has(name)));
  }

  /** Shows problems next to their fields: all of them, or only for the fields named. */
  function render(problems: ShownProblem[], only?: Set<string>) {
    const byControl = new Map<string, string>();
    for (const p of problems) if (!byControl.has(controlFor(p.path))) byControl.set(controlFor(p.path), p.message);
    for (const name of fieldNames()) if (!only || only.has(name)) setError(name, byControl.get(name));
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
        link.textContent = `${controls(control)[0]?.dataset.label ?? p.path}: ${p.message}`;
        const item = document.createElement('li');
        item.append(link);
        return item;
      }),
    );
    summary.hidden = problems.length === 0;
    if (problems.length) summary.focus();
  }

  function showNotice(text: string) {
    if (!notice) return;
    notice.textContent = text;
    notice.hidden = false;
    notice.focus();
  }

  function say(text: string) {
    if (status) status.textContent = text;
  }

  // A summary link puts the cursor in the field, not only the field in view.
  summary?.addEventListener('click', (event) => {
    const link = (event.target as Element).closest('a');
    const target = link && byId(link.hash.slice(1));
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: 'center' });
  });

  form.addEventListener('focusout', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (!name || META.has(name)) return;
    touched.add(name);
    render(check().problems, submittedOnce ? undefined : touched);
  });

  form.addEventListener('input', (event) => {
    saveDraft();
    const name = (event.target as HTMLInputElement).name;
    if (submittedOnce) render(check().problems);
    else if (touched.has(name)) render(check().problems, new Set([name]));
  });

  // Goods lines: added and removed in place, numbered 0…n-1 like the page renders them.
  function renumber() {
    const all = [...(lines?.querySelectorAll<HTMLFieldSetElement>('.goods-line') ?? [])];
    all.forEach((line, index) => {
      const number = index + 1;
      line.dataset.goodsLine = String(index);
      const legend = line.querySelector('legend');
      if (legend) legend.textContent = m('goods.line', { number });
      const rename = (value: string) => value.replace(/goods\[\d+\]/g, `goods[${index}]`).replace(/f-goods-\d+-/g, `f-goods-${index}-`);
      for (const el of line.querySelectorAll<HTMLElement>('[name], [id], [for], [aria-describedby]')) {
        for (const attribute of ['name', 'id', 'for', 'aria-describedby']) {
          const value = el.getAttribute(attribute);
          if (value) el.setAttribute(attribute, rename(value));
        }
        if (el.dataset.label) el.dataset.label = el.dataset.label.replace(/^.*? · /, `${m('goods.line', { number })} · `);
      }
      const remove = line.querySelector<HTMLButtonElement>('.remove-line');
      if (remove) {
        remove.value = `remove-line:${index}`;
        remove.textContent = m('goods.remove', { number });
      }
    });
    if (addButton) addButton.hidden = all.length >= config.maxLines;
    return all;
  }

  function clearLine(line: HTMLElement) {
    for (const control of line.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
      control.value = '';
      control.removeAttribute('aria-invalid');
    }
    for (const error of line.querySelectorAll('.error')) error.textContent = '';
  }

  function addLine(focus = true) {
    const all = renumber();
    const last = all[all.length - 1];
    if (!last || all.length >= config.maxLines) return;
    const copy = last.cloneNode(true) as HTMLFieldSetElement;
    clearLine(copy);
    last.after(copy);
    renumber();
    if (focus) {
      copy.querySelector('select')?.focus();
      say(m('goods.added', { number: all.length + 1 }));
    }
  }

  function removeLine(index: number) {
    const all = renumber();
    const line = all[index];
    if (!line) return;
    if (all.length === 1) clearLine(line);
    else line.remove();
    const rest = renumber();
    (rest[Math.min(index, rest.length - 1)]?.querySelector('select') ?? addButton)?.focus();
    say(m('goods.removed'));
    saveDraft();
  }

  form.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[name="_action"]');
    if (!button || button.value === 'send') return;
    event.preventDefault();
    if (button.value === 'add-line') addLine();
    const remove = /^remove-line:(\d+)$/.exec(button.value);
    if (remove) removeLine(Number(remove[1]));
  });

  // The draft: kept on this device until the offer is sent, so a reload loses nothing.
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  function saveDraft() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      const fields = entries().filter(([name, value]) => !META.has(name) && value !== '');
      try {
        if (fields.length === 0) localStorage.removeItem(DRAFT);
        else {
          const draft: Draft = { v: 1, startedAt: hidden('startedAt')?.value ?? '', key: hidden('idempotencyKey')?.value ?? '', fields };
          localStorage.setItem(DRAFT, JSON.stringify(draft));
        }
      } catch {
        // Storage full or disabled (private mode): the form still works, only without a draft.
      }
    }, 250);
  }

  function readDraft(): Draft | undefined {
    try {
      const draft = JSON.parse(localStorage.getItem(DRAFT) ?? 'null') as Draft | null;
      return draft?.v === 1 && Array.isArray(draft.fields) ? draft : undefined;
    } catch {
      return undefined;
    }
  }

  function restore(draft: Draft) {
    const rows = Math.max(1, ...draft.fields.map(([name]) => Number(/^goods\[(\d+)\]/.exec(name)?.[1] ?? -1) + 1));
    while (renumber().length < Math.min(rows, config.maxLines)) addLine(false);
    const values = new Map(draft.fields);
    for (const name of fieldNames()) {
      for (const control of controls(name)) {
        if (control.type === 'checkbox') control.checked = values.has(name);
        else if (control.type === 'radio') control.checked = values.get(name) === control.value;
        else control.value = values.get(name) ?? '';
      }
    }
    // The minimum fill time counts from when the draft was begun, not from this reload.
    const startedAt = hidden('startedAt');
    if (startedAt && /^\d+$/.test(draft.startedAt)) startedAt.value = draft.startedAt;
    const key = hidden('idempotencyKey');
    if (key && draft.key) key.value = draft.key;
    say(m('form.draftRestored'));
  }

  byId('discard-draft')?.addEventListener('click', () => {
    try {
      localStorage.removeItem(DRAFT);
    } catch {}
    const all = renumber();
    for (const line of all.slice(1)) line.remove();
    form.reset();
    for (const name of fieldNames()) setError(name, undefined);
    renumber();
    const key = hidden('idempotencyKey');
    if (key) key.value = crypto.randomUUID();
    if (summary) summary.hidden = true;
    if (notice) notice.hidden = true;
    submittedOnce = false;
    touched.clear();
    say('');
    (form.elements.namedItem('organization.name') as HTMLInputElement | null)?.focus();
  });

  const serverShowedProblems = Boolean(summary && !summary.hidden) || Boolean(notice && !notice.hidden);
  const draft = readDraft();
  if (draft && !serverShowedProblems) restore(draft);
  const draftNote = byId('draft-note');
  if (draftNote) draftNote.hidden = false;

  // "We will read this number as +81 90…": a national number gets the country's code.
  const phone = form.elements.namedItem('contact.phone') as HTMLInputElement | null;
  const country = form.elements.namedItem('organization.country') as HTMLSelectElement | null;
  const preview = document.createElement('p');
  preview.className = 'help';
  preview.id = 'f-contact-phone-preview';
  preview.setAttribute('aria-live', 'polite');
  phone?.after(preview);
  function updatePreview() {
    const typed = phone?.value.trim() ?? '';
    const e164 = typed && !/^(\+|00)/.test(typed) ? readPhone?.(typed, country?.value) : undefined;
    preview.textContent = e164 ? m('form.phonePreview', { phone: e164 }) : '';
  }

  /** Fetches the phone rules once; a failed fetch (offline) is tried again on the next use, and the API checks meanwhile. */
  function loadPhoneRules(): Promise<void> {
    phoneRules ??= import('../lib/phone-rules-lite').then(
      (rules) => {
        readPhone = rules.readPhone;
        schema = createOfferSchema(rules.readPhone);
        updatePreview();
        if (submittedOnce || touched.size) render(check().problems, submittedOnce ? undefined : touched);
      },
      () => {
        phoneRules = undefined;
      },
    );
    return phoneRules;
  }

  if (phone) {
    phone.addEventListener('focus', loadPhoneRules);
    phone.addEventListener('input', () => {
      loadPhoneRules();
      updatePreview();
    });
    country?.addEventListener('change', updatePreview);
    if (phone.value.trim()) loadPhoneRules();
  }

  form.addEventListener('submit', async (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter && submitter.value !== 'send') return;
    event.preventDefault();
    if (sending) return;
    submittedOnce = true;
    if (notice) notice.hidden = true;
    if (phone?.value.trim() && !readPhone) {
      sending = true;
      await Promise.race([loadPhoneRules(), new Promise((resolve) => setTimeout(resolve, PHONE_RULES_WAIT_MS))]);
      sending = false;
    }
    const { input, rows, problems } = check();
    render(problems);
    showSummary(problems);
    if (problems.length) return;

    sending = true;
    if (send) {
      send.disabled = true;
      send.textContent = m('form.sending');
    }
    form.setAttribute('aria-busy', 'true');
    say(m('form.sending'));
    const done = () => {
      sending = false;
      if (send) {
        send.disabled = false;
        send.textContent = m('form.submit');
      }
      form.removeAttribute('aria-busy');
    };

    let res: Response;
    try {
      res = await fetch(config.api, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Idempotency-Key': hidden('idempotencyKey')?.value ?? '',
        },
        body: JSON.stringify(input),
        credentials: 'same-origin',
      });
    } catch {
      // Nothing is lost: the answers stay, and sending again reuses the idempotency key,
      // so an offer that did arrive is not stored twice.
      done();
      say('');
      showNotice(m('form.networkError'));
      return;
    }
    const body = (await res.json().catch(() => null)) as ({ reference?: string } & ApiErrorBody) | null;
    if (res.status === 201 && body?.reference) {
      try {
        localStorage.removeItem(DRAFT);
      } catch {}
      clearTimeout(saveTimer);
      say(m('form.sent'));
      window.location.assign(`${config.thanks}?ref=${encodeURIComponent(body.reference)}`);
      return;
    }
    done();
    say('');
    if (body?.error?.code === 'validation' && body.error.fields) {
      const shown = inFormOrder(
        body.error.fields.map((f) => ({
          path: pathInForm(f.path, rows),
          message: f.message,
        })),
      );
      render(shown);
      showSummary(shown);
    } else if (body?.error?.code === 'idempotency_conflict') showNotice(m('form.keyConflict'));
    // The database is away for a moment: the answers and the key stay, to send again.
    else if (res.status === 503) showNotice(m('form.unavailable'));
    else showNotice(body?.error?.message ?? m('form.serverError'));
  });
}
