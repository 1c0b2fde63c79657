// Entry point: sign in with an API key, then show the agent's, the officer's or the operator's view by the key's role.
import { call, forgetKey, storedKey, storeKey, whenUnauthorized } from './api.js';
import { startAgent, stopAgent, wireAgent } from './agent.js';
import { $, say } from './dom.js';
import { applyLabels, lang, onLangChange, setLang, t } from './i18n.js';
import { startOfficer, stopOfficer, wireOfficer } from './officer.js';
import { startOperator, stopOperator, wireOperator } from './operator.js';

let identity = null;

function showWho() {
  const who = $('who');
  if (!identity) {
    who.hidden = true;
    return;
  }
  const names = { agent: 'roleAgent', officer: 'roleOfficer', operator: 'roleOperator' };
  const role = identity.role in names ? t(names[identity.role]) : identity.role;
  who.textContent = t('signedInAs', { role, binding: identity.channelId ?? identity.agencyCode ?? identity.keyId });
  who.hidden = false;
}

function showSignIn(error = '') {
  identity = null;
  stopAgent();
  stopOfficer();
  stopOperator();
  $('other-role').hidden = true;
  $('sign-out').hidden = true;
  $('loading').hidden = true;
  showWho();
  $('sign-in').hidden = false;
  say($('sign-in-error'), error, error ? 'error' : '');
  $('api-key').value = '';
  $('api-key').focus();
}

function enter(me) {
  identity = me;
  $('loading').hidden = true;
  $('sign-in').hidden = true;
  $('sign-out').hidden = false;
  showWho();
  if (me.role === 'agent' && me.channelId) {
    startAgent(me);
  } else if (me.role === 'officer' && me.agencyCode) {
    startOfficer(me);
  } else if (me.role === 'operator') {
    startOperator();
  } else {
    $('other-role').hidden = false;
  }
}

async function signIn(event) {
  event.preventDefault();
  const key = $('api-key').value.trim();
  if (!key) {
    return;
  }
  const button = $('sign-in-button');
  button.disabled = true;
  try {
    const answer = await call('GET', '/v1/me', { key });
    if (answer.ok) {
      storeKey(key);
      $('api-key').value = '';
      enter(answer.data);
    } else {
      say($('sign-in-error'), answer.status === 401 ? t('signInFailed') : t('error', { detail: answer.status === 0 ? t('networkError') : answer.problem?.detail ?? answer.status }), 'error');
    }
  } finally {
    button.disabled = false;
  }
}

function signOut() {
  forgetKey();
  showSignIn();
}

function languageButton() {
  $('lang').textContent = t('languageButton');
}

async function start() {
  applyLabels();
  languageButton();
  wireAgent();
  wireOfficer();
  wireOperator();
  onLangChange(() => {
    languageButton();
    showWho();
  });
  $('lang').addEventListener('click', () => setLang(lang() === 'vi' ? 'en' : 'vi'));
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  whenUnauthorized(() => {
    forgetKey();
    showSignIn(t('signInFailed'));
  });

  if (storedKey()) {
    const answer = await call('GET', '/v1/me');
    if (answer.ok) {
      enter(answer.data);
      return;
    }
    forgetKey();
  }
  showSignIn();
}

start();
