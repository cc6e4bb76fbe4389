// The phone field: libphonenumber's rules fetched on first use, and a preview of how a national number will be read.
import type { PhoneReader } from '../../lib/phone';
import type { Translate } from './config';

/** How long a submission waits for the phone rules before leaving the number to the API. */
const PHONE_RULES_WAIT_MS = 5_000;

export interface PhoneField {
  /** Whether a number is typed that the rules have not been fetched to check yet. */
  waitingForRules(): boolean;
  /** The rules fetched, or PHONE_RULES_WAIT_MS gone by without them. */
  rulesOrTimeout(): Promise<unknown>;
}

/**
 * The rules are fetched only when the phone field is used (docs/decisions/070-input-hygiene.md);
 * `onRules` hears when they arrive, to check with them from then on.
 */
export function phoneField(form: HTMLFormElement, m: Translate, onRules: (readPhone: PhoneReader) => void): PhoneField {
  const phone = form.elements.namedItem('contact.phone') as HTMLInputElement | null;
  const country = form.elements.namedItem('organization.country') as HTMLSelectElement | null;
  let readPhone: PhoneReader | undefined;
  let phoneRules: Promise<void> | undefined;

  // "We will read this number as +81 90…": a national number gets the country's code.
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
    phoneRules ??= import('../../lib/phone-rules-lite').then(
      (rules) => {
        readPhone = rules.readPhone;
        updatePreview();
        onRules(rules.readPhone);
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

  return {
    waitingForRules: () => Boolean(phone?.value.trim()) && !readPhone,
    rulesOrTimeout: () => Promise.race([loadPhoneRules(), new Promise((resolve) => setTimeout(resolve, PHONE_RULES_WAIT_MS))]),
  };
}
