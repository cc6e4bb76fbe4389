// The draft: the answers kept in localStorage on this device until the offer is sent, so a reload loses nothing.
import { control, controls, entries, fieldNames, META } from './fields';
import type { GoodsLines } from './goods-lines';

interface Draft {
  v: 1;
  startedAt: string;
  key: string;
  fields: [string, string][];
}

const DRAFT = 'tongxin:donate-draft:v1';

export interface DraftStore {
  /** Keeps the answers a moment after the last keystroke. */
  save(): void;
  /** Fills the form from the draft, if there is one; says whether there was. */
  restore(): boolean;
  /** Forgets the draft, and a save still waiting. */
  forget(): void;
}

export function draftStore(form: HTMLFormElement, goods: GoodsLines, maxLines: number): DraftStore {
  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  function save() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      const fields = entries(form).filter(([name, value]) => !META.has(name) && value !== '');
      try {
        if (fields.length === 0) localStorage.removeItem(DRAFT);
        else {
          const draft: Draft = {
            v: 1,
            startedAt: control(form, 'startedAt')?.value ?? '',
            key: control(form, 'idempotencyKey')?.value ?? '',
            fields,
          };
          localStorage.setItem(DRAFT, JSON.stringify(draft));
        }
      } catch {
        // Storage full or disabled (private mode): the form still works, only without a draft.
      }
    }, 250);
  }

  function read(): Draft | undefined {
    try {
      const draft = JSON.parse(localStorage.getItem(DRAFT) ?? 'null') as Draft | null;
      return draft?.v === 1 && Array.isArray(draft.fields) ? draft : undefined;
    } catch {
      return undefined;
    }
  }

  function restore() {
    const draft = read();
    if (!draft) return false;
    const rows = Math.max(1, ...draft.fields.map(([name]) => Number(/^goods\[(\d+)\]/.exec(name)?.[1] ?? -1) + 1));
    while (goods.renumber().length < Math.min(rows, maxLines)) goods.add(false);
    const values = new Map(draft.fields);
    for (const name of fieldNames(form)) {
      for (const input of controls(form, name)) {
        if (input.type === 'checkbox') input.checked = values.has(name);
        else if (input.type === 'radio') input.checked = values.get(name) === input.value;
        else input.value = values.get(name) ?? '';
      }
    }
    // The minimum fill time counts from when the draft was begun, not from this reload.
    const startedAt = control(form, 'startedAt');
    if (startedAt && /^\d+$/.test(draft.startedAt)) startedAt.value = draft.startedAt;
    const key = control(form, 'idempotencyKey');
    if (key && draft.key) key.value = draft.key;
    return true;
  }

  function forget() {
    clearTimeout(saveTimer);
    try {
      localStorage.removeItem(DRAFT);
    } catch {}
  }

  return { save, restore, forget };
}
