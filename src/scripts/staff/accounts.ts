import type { OneTimePasswordGiven, StaffAccount, StaffAccountChanged, StaffAccounts, StaffSessionsEnded } from '../../lib/api-types';
import { $, announce, api, clearFieldErrors, formatDateTime, h, showFieldErrors, startPage, t } from './common';

// The admins' accounts page: the list, adding an account, and per account its role,
// disabling or enabling it, a new one-time password and ending its sessions. Every rule
// is the API's (functions/staff-commands.ts); this page shows its answers and its refusals.

const roles = ['reviewer', 'admin'] as const;

/** The one-time password, shown once at the top of the page until the admin says it is passed on. */
function showOneTimePassword(email: string, password: string) {
  $('one-time-title').textContent = t('accounts.oneTime.title', { email });
  $('one-time-password').textContent = password;
  const box = $('one-time');
  box.hidden = false;
  box.focus();
}

function hideOneTimePassword() {
  $('one-time-password').textContent = '';
  $('one-time').hidden = true;
}

function statusText(account: StaffAccount): string {
  if (account.status === 'disabled') return t('accounts.status.disabled', { date: formatDateTime(account.disabledAt) });
  return account.mustChangePassword ? t('accounts.status.mustChange') : t('accounts.status.active');
}

export async function startAccounts() {
  const me = await startPage();
  if (!me) return;
  if (me.role !== 'admin') {
    $('accounts-denied').hidden = false;
    return;
  }
  $('accounts-body').hidden = false;
  $('one-time-done').addEventListener('click', hideOneTimePassword);

  let accounts: StaffAccount[] = [];

  async function load(): Promise<boolean> {
    const answer = await api<StaffAccounts>('/accounts');
    if (!answer.ok) {
      $('accounts-summary').textContent = '';
      if (answer.error.status === 403) $('accounts-denied').hidden = false;
      announce(answer.error.message, 'error');
      return false;
    }
    accounts = answer.data.items;
    render();
    return true;
  }

  /** Runs one action on an account, then shows the list as the server now has it. */
  async function act<T>(account: StaffAccount, action: string, body: unknown, done: (data: T) => string) {
    const result = await api<T>(`/accounts/${account.id}/${action}`, { method: 'POST', ...(body === undefined ? {} : { body }) });
    if (!result.ok) {
      announce(result.error.message, 'error');
      return;
    }
    const message = done(result.data);
    // Disabling oneself or ending one's own sessions ends this session too: the sign-in
    // page says so. (A new password of one's own stays on screen: the next request asks
    // to sign in with it.)
    if (account.email === me?.email && (action === 'disable' || action === 'sign-out')) {
      location.reload();
      return;
    }
    if (account.email === me?.email && action === 'password') {
      announce(message);
      return;
    }
    await load();
    announce(message);
  }

  function render() {
    $('accounts-summary').textContent = t('accounts.count', { count: accounts.length });
    $('accounts-list').replaceChildren(...accounts.map(card));
  }

  function card(account: StaffAccount): HTMLLIElement {
    const self = account.email === me?.email;
    const roleId = `role-${account.id}`;
    const select = h('select', { id: roleId, name: 'role' }, ...roles.map((r) => h('option', { value: r, text: t(`role.${r}`) })));
    select.value = account.role;
    const roleForm = h(
      'form',
      { class: 'account-role' },
      h('label', { for: roleId, text: t('accounts.role') }),
      select,
      h('button', { type: 'submit', class: 'button secondary', text: t('accounts.roleSave') }),
    );
    roleForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (select.value === account.role) return;
      act<StaffAccountChanged>(account, 'role', { role: select.value }, (data) =>
        t('accounts.done.role', { email: account.email, role: t(`role.${data.account.role}`) }),
      );
    });

    const disabled = account.status === 'disabled';
    const toggle = h('button', {
      type: 'button',
      class: disabled ? 'button secondary' : 'button danger',
      text: disabled ? t('accounts.enable') : t('accounts.disable'),
    });
    toggle.addEventListener('click', () => {
      if (disabled) {
        act<StaffAccountChanged>(account, 'enable', undefined, () => t('accounts.done.enabled', { email: account.email }));
      } else if (confirm(t('accounts.confirm.disable', { email: account.email }))) {
        act<StaffAccountChanged>(account, 'disable', undefined, () => t('accounts.done.disabled', { email: account.email }));
      }
    });
    const reset = h('button', { type: 'button', class: 'button secondary', text: t('accounts.reset') });
    reset.addEventListener('click', () => {
      if (!confirm(t('accounts.confirm.reset', { email: account.email }))) return;
      act<OneTimePasswordGiven>(account, 'password', undefined, (data) => {
        showOneTimePassword(account.email, data.oneTimePassword);
        return t('accounts.done.reset', { email: account.email });
      });
    });
    const signOut = h('button', { type: 'button', class: 'button secondary', text: t('accounts.signOut') });
    signOut.addEventListener('click', () => {
      if (!confirm(t('accounts.confirm.signOut', { email: account.email }))) return;
      act<StaffSessionsEnded>(account, 'sign-out', undefined, (data) =>
        t('accounts.done.signedOut', { email: account.email, count: data.sessionsEnded }),
      );
    });

    return h(
      'li',
      { class: `account-item${disabled ? ' is-disabled' : ''}` },
      h('h3', {}, account.email, self ? h('span', { class: 'meta', text: ` ${t('accounts.you')}` }) : null),
      h(
        'dl',
        { class: 'facts' },
        h('div', {}, h('dt', { text: t('accounts.role') }), h('dd', { text: t(`role.${account.role}`) })),
        h('div', {}, h('dt', { text: t('accounts.status') }), h('dd', { text: statusText(account) })),
        h(
          'div',
          {},
          h('dt', { text: t('accounts.lastSignIn') }),
          h('dd', { text: account.lastSignInAt ? formatDateTime(account.lastSignInAt) : t('accounts.never') }),
        ),
      ),
      roleForm,
      h(
        'div',
        { class: 'account-actions', role: 'group', 'aria-label': t('accounts.actions', { email: account.email }) },
        toggle,
        reset,
        signOut,
      ),
    );
  }

  const form = $<HTMLFormElement>('add-form');
  const summary = $('add-errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form, summary);
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]') as HTMLButtonElement;
    button.disabled = true;
    const result = await api<OneTimePasswordGiven>('/accounts', { method: 'POST', body: { email, role: String(data.get('role') ?? '') } });
    button.disabled = false;
    if (!result.ok) {
      if (result.error.code === 'account_exists') {
        showFieldErrors(form, summary, { ...result.error, fields: [{ path: 'email', code: 'exists', message: result.error.message }] });
      } else showFieldErrors(form, summary, result.error);
      return;
    }
    form.reset();
    await load();
    announce(t('accounts.done.added', { email: result.data.account.email }));
    showOneTimePassword(result.data.account.email, result.data.oneTimePassword);
  });

  await load();
}
