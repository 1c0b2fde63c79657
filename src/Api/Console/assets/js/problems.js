// Failed answers in the user's words: each problem `code` the console can meet has a Vietnamese and an English message
// (i18n.js, keys problem.*); the server's own text, often English, stays behind a "details" toggle.
import { describe } from './api.js';
import { h } from './dom.js';
import { problemText, t } from './i18n.js';

/** The message for a failed answer: the words for its problem code, or for a network failure. */
export function problemMessage(answer) {
  return answer.status === 0 ? t('networkError') : problemText(answer.problem?.code);
}

/** The server's detail and code, folded away behind a "details" toggle; null when there is nothing to add. */
export function serverDetail(answer) {
  const detail = answer.status === 0 ? answer.problem?.detail : describe(answer.problem);
  if (!detail) {
    return null;
  }
  return h('details', { class: 'problem-details' }, h('summary', { text: t('details') }), h('span', { class: 'mono', text: detail }));
}

/** Sets a message line to the label `key` with {detail} the problem's message, and the server's detail folded away. */
export function sayProblem(element, key, answer, kind = 'error', vars = {}) {
  element.className = `message ${kind}`;
  element.replaceChildren(h('span', { class: 'problem-text', text: t(key, { ...vars, detail: problemMessage(answer) }) }), serverDetail(answer));
}
