import type about from '../../locales/zh/about.json';
import type common from '../../locales/zh/common.json';
import type content from '../../locales/zh/content.json';
import type donate from '../../locales/zh/donate.json';
import type emergency from '../../locales/zh/emergency.json';
import type errors from '../../locales/zh/errors.json';
import type home from '../../locales/zh/home.json';
import type mail from '../../locales/zh/mail.json';
import type phrases from '../../locales/zh/phrases.json';
import type staff from '../../locales/zh/staff.json';
import type translationStatus from '../../locales/zh/translation-status.json';
import type transparency from '../../locales/zh/transparency.json';

// zh is the source language: its files define which keys exist, so a key that is
// not in zh fails the type check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    keySeparator: false;
    nsSeparator: ':';
    resources: {
      common: typeof common;
      about: typeof about;
      home: typeof home;
      content: typeof content;
      errors: typeof errors;
      donate: typeof donate;
      transparency: typeof transparency;
      'translation-status': typeof translationStatus;
      staff: typeof staff;
      mail: typeof mail;
      emergency: typeof emergency;
      phrases: typeof phrases;
    };
  }
}
