import { $, announce, api, clearFieldErrors, page, safeNext, showFieldErrors, startPage, t } from './common';

/** Choosing one's own password: required after a password set by the command line. */
export async function startPassword() {
  const me = await startPage();
  if (!me) return;
  if (me.mustChangePassword) $('password-required').hidden = false;
  const form = $<HTMLFormElement>('password-form');
  const summary = $('password-errors');
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form, summary);
    const data = new FormData(form);
    const currentPassword = String(data.get('currentPassword') ?? '');
    const newPassword = String(data.get('newPassword') ?? '');
    const confirmPassword = String(data.get('confirmPassword') ?? '');
    if (newPassword !== confirmPassword) {
      showFieldErrors(form, summary, {
        status: 422,
        code: 'validation',
        message: t('error.fix'),
        fields: [{ path: 'confirmPassword', code: 'mismatch', message: t('password.mismatch') }],
      });
      return;
    }
    const button = form.querySelector('button') as HTMLButtonElement;
    button.disabled = true;
    const result = await api('/password', { method: 'POST', body: { currentPassword, newPassword } });
    button.disabled = false;
    if (!result.ok) {
      showFieldErrors(form, summary, result.error);
      return;
    }
    form.reset();
    if (me.mustChangePassword) {
      location.assign(next ?? page('/'));
      return;
    }
    announce(t('password.changed'));
  });
  $('sign-out-everywhere').addEventListener('click', async () => {
    const result = await api('/logout-everywhere', { method: 'POST' });
    if (result.ok) location.assign(page('/login/'));
    else announce(result.error.status === 401 ? t('sessions.failed') : result.error.message, 'error');
  });
}
