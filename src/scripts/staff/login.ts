import { $, api, clearFieldErrors, type Me, page, rememberLanguage, safeNext, showFieldErrors, t } from './common';

/** The sign-in page: on success, on to where the member was going (or the list). */
export function startLogin() {
  rememberLanguage();
  const form = $<HTMLFormElement>('login-form');
  const summary = $('login-errors');
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    clearFieldErrors(form, summary);
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    const button = form.querySelector('button') as HTMLButtonElement;
    busy = true;
    button.disabled = true;
    button.textContent = t('login.sending');
    const result = await api<Me>('/login', { method: 'POST', body: { email, password } });
    busy = false;
    button.disabled = false;
    button.textContent = t('login.submit');
    if (!result.ok) {
      showFieldErrors(form, summary, result.error);
      const password = $<HTMLInputElement>('login-password');
      password.value = '';
      return;
    }
    if (result.data.mustChangePassword) {
      location.assign(`${page('/password/')}${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    } else {
      location.assign(next ?? page('/'));
    }
  });
}
