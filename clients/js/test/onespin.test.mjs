// The reference client against the real server (started by Scripts/client-test.sh, which sets
// ONESPIN_URL, ONESPIN_LIMITED_URL, ONESPIN_ADMIN_TOKEN and ONESPIN_BIN).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { OneSpin, OneSpinError } from "../onespin.js";
import { startFlakyProxy } from "./flaky-proxy.mjs";

const baseUrl = process.env.ONESPIN_URL;
const limitedUrl = process.env.ONESPIN_LIMITED_URL;
const adminToken = process.env.ONESPIN_ADMIN_TOKEN;
const bin = process.env.ONESPIN_BIN;
const run = `${process.pid}-${Date.now()}`;
if (!baseUrl || !adminToken || !bin) throw new Error("run through Scripts/client-test.sh (ONESPIN_URL, ONESPIN_ADMIN_TOKEN, ONESPIN_BIN)");

function token(player) {
  return execFileSync(bin, ["token", "--player", player, "--ttl", "3600"], { encoding: "utf8" }).trim();
}

async function admin(url, method, path, body, headers = {}) {
  const response = await fetch(url + path, {
    method, body: body && JSON.stringify(body),
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json", ...headers },
  });
  return { status: response.status, body: await response.json() };
}

/** A new player credited with `amount`, and its token. */
async function player(name, amount, url = baseUrl) {
  const id = `${name}-${run}`;
  const credit = await admin(url, "POST", `/admin/players/${id}/credit`, { amount, reason: "client test" }, { "idempotency-key": `credit-${id}` });
  assert.equal(credit.status, 200);
  return { id, token: token(id) };
}

async function status() { return (await admin(baseUrl, "GET", "/status")).body; }

test("a spin resolves to the settled spin; lookup, history and wallet agree", async () => {
  const p = await player("basic", 100000);
  const client = new OneSpin({ baseUrl, token: p.token });
  const spin = await client.spin({ game: "classic3", bet: 10 });
  assert.equal(spin.replayed, false);
  assert.match(spin.spinId, /^[0-9a-f-]{36}$/);
  for (const field of ["debit", "win", "balance", "reels", "stops", "wins", "feature", "boosted", "settledAt"]) assert.ok(field in spin, field);
  assert.equal(spin.debit, 10);
  assert.equal(spin.balance, 100000 - 10 + spin.win);
  const again = await client.lookup(spin.spinId);
  assert.deepEqual(again, { ...spin, replayed: true });
  const history = await client.history(10);
  assert.deepEqual(history.spins.map((s) => s.spinId), [spin.spinId]);
  assert.equal((await client.wallet()).balance, spin.balance);
  const games = await client.games();
  assert.ok(games.games.some((g) => g.id === "classic3"));
});

test("500 spins through a network that drops a share of responses: exactly 500 settlements, each debited once", async () => {
  const upstream = new URL(baseUrl);
  const proxy = await startFlakyProxy({ port: Number(upstream.port) }, { dropRate: 0.25, stallRate: 0.03 });
  try {
    const credit = 1_000_000;
    const players = await Promise.all([0, 1, 2, 3, 4].map((i) => player(`flaky${i}`, credit)));
    const settledBefore = (await status()).spins.settled;
    let retries = 0;
    const results = await Promise.all(players.map(async (p) => {
      const client = new OneSpin({
        baseUrl: `http://127.0.0.1:${proxy.port}`, token: p.token, timeoutMs: 400, deadlineMs: 60000,
        backoffMs: 20, maxBackoffMs: 200, onRetry: () => { retries++; },
      });
      const spins = [];
      for (let i = 0; i < 100; i++) spins.push(await client.spin({ game: "classic3", bet: 10 }));
      return { p, spins };
    }));
    assert.ok(proxy.stats.dropped > 50, `the proxy dropped ${proxy.stats.dropped} responses`);
    assert.ok(retries > 0);
    // One key per spin, never a second: the proxy saw exactly 500 keys, some of them resent.
    assert.equal(proxy.keys.size, 500, "keys the client sent");
    assert.ok([...proxy.keys.values()].some((count) => count > 1), "some key was resent");
    assert.equal((await status()).spins.settled - settledBefore, 500, "exactly 500 settlements");
    for (const { p, spins } of results) {
      const direct = new OneSpin({ baseUrl, token: p.token });
      const ids = spins.map((s) => s.spinId);
      assert.equal(new Set(ids).size, 100, "one key per spin");
      for (const id of ids) assert.ok(proxy.keys.has(id), "the settled key is the one the client sent");
      const history = await direct.history(100);
      assert.deepEqual(history.spins.map((s) => s.spinId).sort(), [...ids].sort(), "the server settled exactly these 100 keys");
      const wallet = await direct.wallet();
      const expected = credit - spins.reduce((sum, s) => sum + s.debit, 0) + spins.reduce((sum, s) => sum + s.win, 0);
      assert.equal(wallet.balance, expected, "each spin debited once");
      assert.equal(spins.at(-1).balance, wallet.balance, "the client-seen balance is the server's");
      for (const s of spins) {
        const { replayed, ...body } = s;
        const { replayed: _, ...stored } = await direct.lookup(s.spinId);
        assert.deepEqual(stored, body);
      }
    }
  } finally {
    await proxy.close();
  }
});

test("two clients resuming the same spin id get one settlement", async () => {
  const p = await player("resume", 10000);
  const a = new OneSpin({ baseUrl, token: p.token, backoffMs: 10 });
  const b = new OneSpin({ baseUrl, token: p.token, backoffMs: 10 });
  const spinId = `resume-${run}`;
  const [x, y] = await Promise.all([a.spin({ game: "classic3", bet: 10 }, { spinId }), b.spin({ game: "classic3", bet: 10 }, { spinId })]);
  assert.equal(x.spinId, spinId);
  const { replayed: rx, ...bx } = x;
  const { replayed: ry, ...by } = y;
  assert.deepEqual(bx, by);
  assert.equal([rx, ry].filter(Boolean).length, 1, "one settled it, the other got the replay");
  assert.equal((await a.wallet()).balance, 10000 - 10 + x.win);
});

test("errors are typed: code, status, detail and the spin id; stored errors replay", async () => {
  const p = await player("errors", 5);
  const client = new OneSpin({ baseUrl, token: p.token });
  await assert.rejects(client.spin({ game: "classic3", bet: 7 }), (error) => {
    assert.ok(error instanceof OneSpinError);
    assert.equal(error.code, "invalid_request");
    assert.equal(error.status, 400);
    assert.match(error.detail, /bet/);
    assert.match(error.spinId, /^[0-9a-f-]{36}$/);
    return true;
  });
  const spinId = `poor-${run}`;
  await assert.rejects(client.spin({ game: "classic3", bet: 10 }, { spinId }), { code: "insufficient_funds", status: 402, spinId, replayed: false });
  await assert.rejects(client.spin({ game: "classic3", bet: 10 }, { spinId }), { code: "insufficient_funds", status: 402, spinId, replayed: true });
  await assert.rejects(client.lookup(`never-${run}`), { code: "unknown_spin", status: 404 });
  await assert.rejects(new OneSpin({ baseUrl, token: "x.y.z" }).wallet(), { code: "unauthorized", status: 401 });
});

test("lookups percent-encode the spin id", async () => {
  const p = await player("encode", 1000);
  const client = new OneSpin({ baseUrl, token: p.token });
  const spinId = `odd/key?x=1&y=%zz#${run}`;
  const spin = await client.spin({ game: "classic3", bet: 10 }, { spinId });
  assert.equal(spin.spinId, spinId);
  assert.equal((await client.lookup(spinId)).spinId, spinId);
});

test("429 rate_limited: the same key is resent after Retry-After until it settles", { skip: !limitedUrl && "ONESPIN_LIMITED_URL not set" }, async () => {
  const p = await player("limited", 10000, limitedUrl);
  const reasons = [];
  const client = new OneSpin({ baseUrl: limitedUrl, token: p.token, maxBackoffMs: 1000, onRetry: (e) => reasons.push(e.reason) });
  const spins = await Promise.all([1, 2, 3, 4].map(() => client.spin({ game: "classic3", bet: 10 })));
  assert.ok(reasons.includes("rate_limited"), `retries: ${reasons}`);
  assert.equal(new Set(spins.map((s) => s.spinId)).size, 4);
  const wallet = await client.wallet();
  assert.equal(wallet.balance, 10000 - 40 + spins.reduce((sum, s) => sum + s.win, 0));
});

test("a network that never answers ends at the deadline with the spin id", async () => {
  const upstream = new URL(baseUrl);
  const proxy = await startFlakyProxy({ port: Number(upstream.port) }, { stallRate: 1 });
  try {
    const p = await player("stall", 1000);
    const client = new OneSpin({ baseUrl: `http://127.0.0.1:${proxy.port}`, token: p.token, timeoutMs: 100, deadlineMs: 700, backoffMs: 20 });
    const started = Date.now();
    let spinId = null;
    await assert.rejects(client.spin({ game: "classic3", bet: 10 }), (error) => {
      assert.equal(error.code, "deadline_exceeded");
      spinId = error.spinId;
      return true;
    });
    assert.ok(Date.now() - started < 1500);
    // The requests did reach the server: the spin landed once, under the one key.
    const direct = new OneSpin({ baseUrl, token: p.token });
    assert.equal((await direct.lookup(spinId)).spinId, spinId);
    assert.equal((await direct.history(100)).spins.length, 1);
  } finally {
    await proxy.close();
  }
});
