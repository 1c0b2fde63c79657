// Calls to MotCua with the signed-in API key (sessionStorage, sent only as Authorization: Bearer, never in a URL).

const keyName = 'motcua.console.apiKey';

export function storedKey() {
  return sessionStorage.getItem(keyName);
}

export function storeKey(key) {
  sessionStorage.setItem(keyName, key);
}

export function forgetKey() {
  sessionStorage.removeItem(keyName);
}

let onUnauthorized = () => {};

/** Called when a stored key stops working (401), so the page can go back to the sign-in form. */
export function whenUnauthorized(callback) {
  onUnauthorized = callback;
}

/**
 * One request. Never throws for HTTP or network failures: returns {status, ok, data, problem, text}; status 0 means
 * the network failed and the outcome is unknown.
 */
export async function call(method, path, { body, idempotencyKey, key, accept = 'application/json' } = {}) {
  const apiKey = key ?? storedKey();
  const headers = { Accept: accept };
  if (apiKey) {
    headers.Authorization = `Bearer ${apiKey}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (idempotencyKey) {
    headers['Idempotency-Key'] = idempotencyKey;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
    });
  } catch (error) {
    return { status: 0, ok: false, data: null, problem: { detail: String(error?.message ?? error) }, text: '' };
  }
  const text = await response.text();
  const type = response.headers.get('Content-Type') ?? '';
  let data = null;
  if (type.includes('json') && text.length > 0) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  const result = {
    status: response.status,
    ok: response.ok,
    data: response.ok ? data : null,
    problem: response.ok ? null : (data ?? { detail: `${response.status} ${response.statusText}` }),
    text,
  };
  if (response.status === 401 && key === undefined) {
    onUnauthorized();
  }
  return result;
}

/** A path segment, escaped. */
export function seg(value) {
  return encodeURIComponent(value);
}

/** "title: detail (code)" of a problem+json answer, for messages. */
export function describe(problem) {
  if (!problem) {
    return '';
  }
  const parts = [problem.detail || problem.title || ''];
  if (problem.errors) {
    for (const [field, messages] of Object.entries(problem.errors)) {
      parts.push(`${field}: ${[].concat(messages).join(' ')}`);
    }
  }
  if (problem.code) {
    parts.push(`(${problem.code})`);
  }
  return parts.filter((p) => p).join(' ');
}

/**
 * A file (the receipt slip's PDF) with the signed-in key, as call() sends it. Never throws for HTTP or network failures:
 * returns {status, ok, blob, problem}; a refusal's problem+json is read into problem.
 */
export async function fetchFile(path, accept) {
  const apiKey = storedKey();
  const headers = { Accept: `${accept}, application/problem+json` };
  if (apiKey) {
    headers.Authorization = `Bearer ${apiKey}`;
  }
  let response;
  try {
    response = await fetch(path, { method: 'GET', headers, cache: 'no-store', credentials: 'omit', redirect: 'error' });
  } catch (error) {
    return { status: 0, ok: false, blob: null, problem: { detail: String(error?.message ?? error) } };
  }
  if (response.ok) {
    return { status: response.status, ok: true, blob: await response.blob(), problem: null };
  }
  let problem = null;
  try {
    problem = JSON.parse(await response.text());
  } catch {
    problem = null;
  }
  if (response.status === 401) {
    onUnauthorized();
  }
  return { status: response.status, ok: false, blob: null, problem: problem ?? { detail: `${response.status} ${response.statusText}` } };
}
