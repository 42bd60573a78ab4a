import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import r from 'highlight.js/lib/languages/r';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

/**
 * The languages code blocks are highlighted in: what micro-internship deliverables hold (SQL,
 * Python and R for data work, the web's languages, shell, config). A fixed set keeps the bundle
 * small and the rendering the same everywhere; other code shows unhighlighted.
 */
export const CODE_LANGUAGES = { bash, css, javascript, json, python, r, sql, typescript, xml, yaml };

export const CODE_LANGUAGE_LABELS: Record<keyof typeof CODE_LANGUAGES, string> = {
  bash: 'Shell',
  css: 'CSS',
  javascript: 'JavaScript',
  json: 'JSON',
  python: 'Python',
  r: 'R',
  sql: 'SQL',
  typescript: 'TypeScript',
  xml: 'HTML / XML',
  yaml: 'YAML',
};
