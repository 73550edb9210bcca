// Drives the runner's HTTP API with autocannon: status reads, lists and submissions, each request with one of the callers' tokens.
// Usage: node load.js <base url> <tokens.json> <target resource id> <duration s> <connections> <label> [callers]
// Prints one JSON line with the figures; exits 1 on any 5xx or transport error.
'use strict';
const fs = require('fs');
const autocannon = require('autocannon');

const [base, tokensFile, target, durationArg, connectionsArg, label, callersArg] = process.argv.slice(2);
const tokens = JSON.parse(fs.readFileSync(tokensFile, 'utf8')).slice(0, callersArg ? Number(callersArg) : undefined);
const duration = Number(durationArg);
const connections = Number(connectionsArg);

// A seeded generator, so two runs send the same mix in the same order.
let seed = 42;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const run = label.replace(/[^a-z0-9]/g, '').slice(0, 12) || 'run';
const known = [];
let submitted = 0;
let sequence = 0;

function body(id) {
  return JSON.stringify({
    destinationId: id,
    destinationType: 'Databricks',
    targetResourceId: target,
    hostName: 'adb-1234567890123456.7.azuredatabricks.net',
    ports: [{ port: 443 }],
    approvalTimeout: 'P1D',
    ticketId: 'LOAD-' + id.slice(-20),
  });
}

function bearer() {
  return 'Bearer ' + tokens[sequence++ % tokens.length];
}

async function seedOnboardings(count) {
  for (let i = 0; i < count; i++) {
    const id = `load-${run}-seed-${i}`;
    const response = await fetch(base + '/api/onboardings', {
      method: 'POST',
      headers: { authorization: bearer(), 'content-type': 'application/json' },
      body: body(id),
    });
    if (response.status !== 202 && response.status !== 200) {
      throw new Error(`seeding ${id}: ${response.status} ${await response.text()}`);
    }
    known.push(id);
  }
}

// 70 % status reads, 20 % list pages, 10 % submissions of new destinations.
function next() {
  const r = random();
  if (r < 0.1) {
    // Not read back during the run: a read racing its own submission would be a 404 the API rightly gives.
    const id = `load-${run}-${submitted++}`;
    return { method: 'POST', path: '/api/onboardings', headers: { authorization: bearer(), 'content-type': 'application/json' }, body: body(id) };
  }

  if (r < 0.3) {
    return { method: 'GET', path: '/api/onboardings?pageSize=50', headers: { authorization: bearer() } };
  }

  return { method: 'GET', path: '/api/onboardings/' + known[Math.floor(random() * known.length)], headers: { authorization: bearer() } };
}

async function main() {
  await seedOnboardings(50);
  const result = await autocannon({
    url: base,
    connections,
    duration,
    timeout: 30,
    requests: [{ setupRequest: (request) => Object.assign(request, next()) }],
  });
  const codes = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats || {})) {
    codes[code] = stats.count;
  }

  // A rate-limited answer must say when to come back: burst one caller until it is limited and read that answer.
  let limited = null;
  if (codes['429'] > 0) {
    const token = 'Bearer ' + tokens[0];
    for (let i = 0; i < 5000 && limited === null; i++) {
      const response = await fetch(base + '/api/onboardings?pageSize=1', { headers: { authorization: token } });
      if (response.status === 429) {
        limited = { retryAfter: response.headers.get('retry-after'), contentType: response.headers.get('content-type') };
      } else {
        await response.arrayBuffer();
      }
    }
  }

  const fivexx = Object.entries(codes).filter(([code]) => Number(code) >= 500).reduce((sum, [, count]) => sum + count, 0);
  const figures = {
    label,
    durationSeconds: duration,
    connections,
    callers: tokens.length,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    statusCodes: codes,
    fivexx,
    errors: result.errors,
    timeouts: result.timeouts,
    submissionsSent: submitted,
    limitedAnswer: limited,
  };
  console.log(JSON.stringify(figures));
  const badLimit = codes['429'] > 0 && (limited === null || !limited.retryAfter || !String(limited.contentType).startsWith('application/problem+json'));
  process.exit(fivexx > 0 || result.errors > 0 || badLimit ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
