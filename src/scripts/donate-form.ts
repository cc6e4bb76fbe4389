/**
 * The donation form's one script: everything the page does without it, plus inline
 * validation with the API's own schema, a draft that survives a reload, goods lines
 * added and removed in place, and a submission that can be retried safely.
 * Its parts are in src/scripts/donate/; this file wires them and validates as the donor types.
 * Nothing it imports may be imported by another page's script: Vite would split the shared
 * module into a second file, and the page loads exactly one (tests/e2e/donate.test.ts).
 */
import { inFormOrder, type ShownProblem } from '../lib/donate-form';
import { fieldProblems } from '../lib/field-problem';
import { formToOfferInput, pathInForm } from '../lib/offer-form';
import { createOfferSchema } from '../lib/offer-schema';
import { problemParams } from '../lib/problem-message';
import { type Config, translatorFor } from './donate/config';
import { draftStore } from './donate/draft';
import { control, entries, META } from './donate/fields';
import { goodsLines } from './donate/goods-lines';
import { phoneField } from './donate/phone';
import { problemsOf } from './donate/problems';
import { sendOffer } from './donate/send';

const form = document.getElementById('donate-form');
const configElement = document.getElementById('donate-config');
if (form instanceof HTMLFormElement && configElement) enhance(form, JSON.parse(configElement.textContent ?? '{}') as Config);

function enhance(form: HTMLFormElement, config: Config) {
  const m = translatorFor(config);
  const status = document.getElementById('form-status');
  const send = document.getElementById('send') as HTMLButtonElement | null;
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  const problems = problemsOf(form, m);
  const goods = goodsLines(form, { m, maxLines: config.maxLines, say, changed: () => draft.save() });
  const draft = draftStore(form, goods, config.maxLines);
  const touched = new Set<string>();
  let submittedOnce = false;
  let sending = false;
  // Phone numbers are checked with libphonenumber's rules, fetched only when the phone
  // field is used (docs/decisions/070-input-hygiene.md); until then, only their characters.
  let schema = createOfferSchema();

  /** The offer as typed, and its problems worded in the page's language. */
  function check() {
    const { input, rows } = formToOfferInput(entries(form), config.groupSeparator);
    const result = schema.safeParse(input);
    const shown: ShownProblem[] = result.success
      ? []
      : inFormOrder(
          fieldProblems(result.error.issues).map((p) => ({
            path: pathInForm(p.path, rows),
            message: m(`validation.${p.code}`, problemParams(p, config.intl)),
          })),
        );
    return { input: { ...input, locale: config.locale }, rows, problems: shown };
  }

  /** Before the first submission, only fields the donor has left show their problems. */
  const recheck = () => problems.render(check().problems, submittedOnce ? undefined : touched);

  form.addEventListener('focusout', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (!name || META.has(name)) return;
    touched.add(name);
    recheck();
  });

  form.addEventListener('input', (event) => {
    draft.save();
    const name = (event.target as HTMLInputElement).name;
    if (submittedOnce) problems.render(check().problems);
    else if (touched.has(name)) problems.render(check().problems, new Set([name]));
  });

  document.getElementById('discard-draft')?.addEventListener('click', () => {
    draft.forget();
    goods.keepFirst();
    form.reset();
    problems.clear();
    const key = control(form, 'idempotencyKey');
    if (key) key.value = crypto.randomUUID();
    submittedOnce = false;
    touched.clear();
    say('');
    control(form, 'organization.name')?.focus();
  });

  // A page that shows the server's verdict on a post shows what was posted, not the draft.
  if (!problems.shownByServer() && draft.restore()) say(m('form.draftRestored'));
  const draftNote = document.getElementById('draft-note');
  if (draftNote) draftNote.hidden = false;

  // Offline (the page came from an earlier visit, or the connection dropped), say that
  // sending needs a connection; the draft above keeps what was typed meanwhile.
  const offlineNote = document.getElementById('offline-note');
  const showConnection = () => {
    if (offlineNote) offlineNote.hidden = navigator.onLine;
  };
  showConnection();
  addEventListener('online', showConnection);
  addEventListener('offline', showConnection);

  // After the draft: a restored number fetches the rules at once.
  const phone = phoneField(form, m, (readPhone) => {
    schema = createOfferSchema(readPhone);
    if (submittedOnce || touched.size) recheck();
  });

  form.addEventListener('submit', async (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter && submitter.value !== 'send') return;
    event.preventDefault();
    if (sending) return;
    submittedOnce = true;
    problems.hideNotice();
    if (phone.waitingForRules()) {
      sending = true;
      await phone.rulesOrTimeout();
      sending = false;
    }
    const { input, rows, problems: found } = check();
    problems.render(found);
    problems.showSummary(found);
    if (found.length) return;

    sending = true;
    if (send) {
      send.disabled = true;
      send.textContent = m('form.sending');
    }
    form.setAttribute('aria-busy', 'true');
    say(m('form.sending'));
    const answer = await sendOffer(config.api, input, control(form, 'idempotencyKey')?.value ?? '', m);
    if ('reference' in answer) {
      draft.forget();
      say(m('form.sent'));
      window.location.assign(`${config.thanks}?ref=${encodeURIComponent(answer.reference)}`);
      return;
    }
    sending = false;
    if (send) {
      send.disabled = false;
      send.textContent = m('form.submit');
    }
    form.removeAttribute('aria-busy');
    say('');
    if ('notice' in answer) problems.showNotice(answer.notice);
    else {
      const shown = inFormOrder(answer.fields.map((f) => ({ path: pathInForm(f.path, rows), message: f.message })));
      problems.render(shown);
      problems.showSummary(shown);
    }
  });
}
