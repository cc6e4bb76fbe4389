// The offer page: loads one offer, shows it (offer-details.ts), offers the workflow's
// next steps (offer-transition.ts), and takes notes and erasure.
import type { StaffOffer as StaffOfferAnswer } from '../../lib/api-types';
import {
  $,
  announce,
  api,
  clearFieldErrors,
  formatDateTime,
  formatDay,
  localFailure,
  type Me,
  showFieldErrors,
  startPage,
  statusLabel,
  t,
} from './common';
import { type Drafts, sessionDrafts } from './drafts';
import { renderDetails, renderHistory, renderNotes } from './offer-details';
import { type OfferPage, renderActions, startTransitions } from './offer-transition';

type Offer = StaffOfferAnswer;

let offer: Offer;
let me: Me;
let reference = '';
let drafts: Drafts;

const page: OfferPage = {
  offer: () => offer,
  get reference() {
    return reference;
  },
  get drafts() {
    return drafts;
  },
  show,
  reload: load,
};

function show(next: Offer) {
  offer = next;
  document.title = `${offer.reference} · ${document.title.split(' · ').slice(1).join(' · ')}`;
  $('offer-title').textContent = t('offer.heading', { reference: offer.reference });
  const badge = $('offer-status');
  badge.className = `badge status-${offer.status}`;
  badge.textContent = statusLabel(offer.status);
  $('offer-submitted').textContent = t('offer.submittedOn', { date: formatDateTime(offer.submittedAt) });
  $('offer-erased').hidden = !offer.erasedAt;
  const retention = $('offer-retention');
  retention.hidden = !offer.retentionEndsAt;
  retention.textContent = offer.retentionEndsAt ? t('offer.retention', { date: formatDay(offer.retentionEndsAt) }) : '';
  $('erase').hidden = me.role !== 'admin' || Boolean(offer.erasedAt);
  renderActions(page);
  renderDetails($('offer-details'), offer);
  renderHistory($('history-body'), offer);
  $('notes-none').hidden = offer.notes.length > 0;
  renderNotes($('notes-list'), offer);
  $('offer-loading').hidden = true;
  $('offer').hidden = false;
}

async function submitNote(event: SubmitEvent) {
  event.preventDefault();
  const form = $<HTMLFormElement>('note-form');
  const summary = $('note-errors');
  clearFieldErrors(form, summary);
  const body = $<HTMLTextAreaElement>('note-body').value.trim();
  if (!body) {
    showFieldErrors(form, summary, localFailure([{ path: 'body', code: 'required', message: t('notes.empty') }]));
    return;
  }
  const result = await api(`/offers/${encodeURIComponent(reference)}/notes`, { method: 'POST', body: { body } });
  if (!result.ok) {
    showFieldErrors(form, summary, result.error);
    return;
  }
  form.reset();
  drafts.set('note', '');
  await load();
  announce(t('notes.added'));
}

async function submitErase(event: SubmitEvent) {
  event.preventDefault();
  const form = $<HTMLFormElement>('erase-form');
  const summary = $('erase-errors');
  clearFieldErrors(form, summary);
  if (!$<HTMLInputElement>('erase-confirm').checked) {
    showFieldErrors(form, summary, localFailure([{ path: 'confirm', code: 'required', message: t('erase.confirmMissing') }]));
    return;
  }
  const result = await api(`/offers/${encodeURIComponent(reference)}/erase`, { method: 'POST', body: {} });
  if (!result.ok) {
    showFieldErrors(form, summary, result.error);
    return;
  }
  await load();
  announce(t('erase.done'));
}

async function load(): Promise<boolean> {
  const result = await api<Offer>(`/offers/${encodeURIComponent(reference)}`);
  if (!result.ok) {
    $('offer-loading').textContent = result.error.status === 404 ? t('offer.notFound', { reference }) : result.error.message;
    $('offer').hidden = true;
    return false;
  }
  show(result.data);
  return true;
}

/** One offer: every field, what can be done next, the history, notes and erasure. */
export async function startOffer() {
  const signedIn = await startPage();
  if (!signedIn) return;
  me = signedIn;
  reference = (new URLSearchParams(location.search).get('ref') ?? '').trim().slice(0, 20);
  if (!reference) {
    $('offer-loading').textContent = t('offer.noReference');
    return;
  }
  drafts = sessionDrafts(reference);
  startTransitions(page);
  $<HTMLFormElement>('note-form').addEventListener('submit', submitNote);
  const note = $<HTMLTextAreaElement>('note-body');
  note.value = drafts.get('note');
  note.addEventListener('input', () => drafts.set('note', note.value));
  $<HTMLFormElement>('erase-form').addEventListener('submit', submitErase);
  await load();
}
