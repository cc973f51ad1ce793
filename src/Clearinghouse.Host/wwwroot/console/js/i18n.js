// Labels in Chinese (the default) and English, one dictionary per language; the choice is kept in the browser.
import { zh } from './lang/zh.js';
import { en } from './lang/en.js';

const dictionaries = { zh, en };
let language = localStorage.getItem('console.language') === 'en' ? 'en' : 'zh';

export function currentLanguage() { return language; }

export function setLanguage(next) {
  language = next === 'en' ? 'en' : 'zh';
  localStorage.setItem('console.language', language);
}

/** The label for the key in the current language, with {name} placeholders filled; the key itself if missing. */
export function t(key, params = {}) {
  const text = dictionaries[language][key] ?? dictionaries.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

/** Applies the dictionary to the page's fixed elements (data-i18n, data-i18n-aria). */
export function translateShell() {
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll('[data-i18n-aria]')) element.setAttribute('aria-label', t(element.dataset.i18nAria));
  const toggle = document.getElementById('language');
  toggle.textContent = language === 'zh' ? 'English' : '中文';
  toggle.lang = language === 'zh' ? 'en' : 'zh-CN';
}
