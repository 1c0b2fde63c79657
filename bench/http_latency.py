#!/usr/bin/env python3
"""Times GET requests one after another (one caller), for bench/run.sh's growth step.

usage: http_latency.py LABEL URL KEY COUNT OUT.json
Writes {"label", "url", "count", "status", "p50", "p99", "max", "bytes"} with latencies in ms (exact percentiles over
all samples). Every answer must be 200; the first other status stops the run and is recorded.
"""
import json
import sys
import time
import urllib.error
import urllib.request

label, url, key, count, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
samples, status, size = [], 200, 0
for _ in range(count):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            size = len(answer.read())
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    samples.append((time.perf_counter() - started) * 1000)
    if status != 200:
        break


def rank(p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, -(-len(ordered) * p // 100) - 1))]


result = {"label": label, "url": url, "count": len(samples), "status": status, "bytes": size,
          "p50": round(rank(50), 2), "p99": round(rank(99), 2), "max": round(max(samples), 2)}
json.dump(result, open(out, "w"))
print(f"{label}: {len(samples)} requests, status {status}, p50 {result['p50']} ms, p99 {result['p99']} ms, max {result['max']} ms",
      file=sys.stderr)
