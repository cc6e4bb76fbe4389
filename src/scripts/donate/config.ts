// What the page hands the form's script (#donate-config), and the translator made from it.
import { translate } from '../../lib/problem-message';

export interface Config {
  locale: string;
  intl: string;
  groupSeparator: ',' | '.';
  api: string;
  thanks: string;
  maxLines: number;
  /** The form's own strings only, in the page's language (DonateForm.astro picks them). */
  messages: Record<string, string>;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translatorFor(config: Config): Translate {
  return (key, params) => translate(config.messages, config.intl, key, params);
}
