// Goods lines added and removed in place, and renumbered 0…n-1 the way the page renders them.
import type { Translate } from './config';

export interface GoodsLines {
  /** The lines, each renumbered after its place: names, ids, labels and its remove button. */
  renumber(): HTMLFieldSetElement[];
  /** Adds an empty line after the last, up to the limit; `focus` moves the cursor there and says so. */
  add(focus?: boolean): void;
  /** Back to the first line alone (its values are for `form.reset()`). */
  keepFirst(): void;
}

interface Options {
  m: Translate;
  maxLines: number;
  /** Tells a screen reader what happened (the form's status line). */
  say: (text: string) => void;
  /** After a line is removed: the answers have changed. */
  changed: () => void;
}

export function goodsLines(form: HTMLFormElement, { m, maxLines, say, changed }: Options): GoodsLines {
  const lines = document.getElementById('goods-lines');
  const addButton = form.querySelector<HTMLButtonElement>('.add-line');

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
    if (addButton) addButton.hidden = all.length >= maxLines;
    return all;
  }

  function clearLine(line: HTMLElement) {
    for (const control of line.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
      control.value = '';
      control.removeAttribute('aria-invalid');
    }
    for (const error of line.querySelectorAll('.error')) error.textContent = '';
  }

  function add(focus = true) {
    const all = renumber();
    const last = all[all.length - 1];
    if (!last || all.length >= maxLines) return;
    const copy = last.cloneNode(true) as HTMLFieldSetElement;
    clearLine(copy);
    last.after(copy);
    renumber();
    if (focus) {
      copy.querySelector('select')?.focus();
      say(m('goods.added', { number: all.length + 1 }));
    }
  }

  function remove(index: number) {
    const all = renumber();
    const line = all[index];
    if (!line) return;
    if (all.length === 1) clearLine(line);
    else line.remove();
    const rest = renumber();
    (rest[Math.min(index, rest.length - 1)]?.querySelector('select') ?? addButton)?.focus();
    say(m('goods.removed'));
    changed();
  }

  // The buttons post back to the page without JavaScript; here they work in place.
  form.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[name="_action"]');
    if (!button || button.value === 'send') return;
    event.preventDefault();
    if (button.value === 'add-line') add();
    const removeLine = /^remove-line:(\d+)$/.exec(button.value);
    if (removeLine) remove(Number(removeLine[1]));
  });

  return {
    renumber,
    add,
    keepFirst() {
      for (const line of renumber().slice(1)) line.remove();
      renumber();
    },
  };
}
