// A tiny element builder; text is always set as text (never parsed as HTML).

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name === 'text') {
      element.textContent = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return element;
}

export function $(id) {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`#${id} is missing from the page`);
  }
  return element;
}

/** Sets a message line: kind is '', 'ok', 'error' or 'warn'. */
export function say(element, text, kind = '') {
  element.textContent = text;
  element.className = `message ${kind}`.trim();
}

export function table(headers, rows, numericColumns = []) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('thead', {}, h('tr', {}, headers.map((label, i) => h('th', { class: numericColumns.includes(i) ? 'num' : null, text: label })))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) =>
        h('td', { class: numericColumns.includes(i) ? 'num' : null }, cell)))))));
}

export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.flatMap(([label, value, cls]) => [h('dt', { text: label }), h('dd', { class: cls }, value)]));
}
