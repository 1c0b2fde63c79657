// Reads counters from the Prometheus text exposition format (GET /metrics).

function parseLabels(text) {
  const labels = {};
  let i = 0;
  while (i < text.length) {
    while (text[i] === ',' || text[i] === ' ') {
      i++;
    }
    if (i >= text.length) {
      break;
    }
    const eq = text.indexOf('=', i);
    if (eq < 0 || text[eq + 1] !== '"') {
      throw new Error(`Malformed labels: ${text}`);
    }
    const name = text.slice(i, eq).trim();
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\' && j + 1 < text.length) {
        j++;
        value += text[j] === 'n' ? '\n' : text[j];
      } else {
        value += text[j];
      }
    }
    if (j >= text.length) {
      throw new Error(`Unterminated label value: ${text}`);
    }
    labels[name] = value;
    i = j + 1;
  }
  return labels;
}

/** Every sample of the metric named exactly `name`: [{labels, value}]. Comments and other metrics are skipped. */
export function samplesOf(text, name) {
  const samples = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || !line.startsWith(name)) {
      continue;
    }
    const rest = line.slice(name.length);
    let labels = {};
    let valuePart;
    if (rest.startsWith('{')) {
      // A label value may contain '}' only inside quotes; find the closing brace outside them.
      let inQuotes = false;
      let end = -1;
      for (let k = 1; k < rest.length; k++) {
        const c = rest[k];
        if (c === '\\' && inQuotes) {
          k++;
        } else if (c === '"') {
          inQuotes = !inQuotes;
        } else if (c === '}' && !inQuotes) {
          end = k;
          break;
        }
      }
      if (end < 0) {
        continue;
      }
      labels = parseLabels(rest.slice(1, end));
      valuePart = rest.slice(end + 1);
    } else if (rest.startsWith(' ')) {
      valuePart = rest;
    } else {
      continue; // another metric whose name starts with `name`
    }
    const value = Number(valuePart.trim().split(/\s+/)[0]);
    if (!Number.isNaN(value)) {
      samples.push({ labels, value });
    }
  }
  return samples;
}

/** motcua_payments_total summed per method and outcome: Map "method|outcome" → count, or null when absent. */
export function paymentCounts(text) {
  const samples = samplesOf(text, 'motcua_payments_total');
  if (samples.length === 0) {
    return null;
  }
  const counts = new Map();
  for (const { labels, value } of samples) {
    const key = `${labels.method ?? '?'}|${labels.outcome ?? '?'}`;
    counts.set(key, (counts.get(key) ?? 0) + value);
  }
  return counts;
}

/** Per-minute rates between two readings of paymentCounts taken `elapsedMs` apart (a counter reset counts from 0). */
export function perMinute(previous, current, elapsedMs) {
  const rates = new Map();
  if (!previous || !current || elapsedMs <= 0) {
    return rates;
  }
  for (const [key, value] of current) {
    const before = previous.get(key) ?? 0;
    const delta = value >= before ? value - before : value;
    rates.set(key, (delta * 60000) / elapsedMs);
  }
  return rates;
}
