import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['nl-BE', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'efro.language';

/**
 * Translations live beside their feature (`features/<feature>/i18n/<language>.json`, the
 * namespace is the feature's name) and the shared ones in `i18n/<namespace>.<language>.json`;
 * Vite collects them at build time, so adding a feature adds its texts without touching this file.
 */
const featureFiles = import.meta.glob<{ default: Record<string, unknown> }>('../features/*/i18n/*.json', { eager: true });
const sharedFiles = import.meta.glob<{ default: Record<string, unknown> }>('./*.*.json', { eager: true });

export function collectResources(): Resource {
  const resources: Resource = {};
  for (const [path, module] of Object.entries(featureFiles)) {
    const match = /features\/([^/]+)\/i18n\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, namespace, language] = match;
    (resources[language] ??= {})[namespace] = module.default;
  }
  for (const [path, module] of Object.entries(sharedFiles)) {
    const match = /\.\/([^.]+)\.(.+)\.json$/.exec(path);
    if (!match) continue;
    const [, namespace, language] = match;
    (resources[language] ??= {})[namespace] = module.default;
  }
  return resources;
}

function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return (LANGUAGES as readonly string[]).includes(stored ?? '') ? (stored as Language) : 'nl-BE';
}

export async function initI18n(): Promise<typeof i18next> {
  const lng = initialLanguage();
  await i18next.use(initReactI18next).init({
    resources: collectResources(),
    lng,
    fallbackLng: 'nl-BE',
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

export async function changeLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  globalThis.localStorage?.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}
