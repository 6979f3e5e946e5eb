// Drives headless Chromium over the DevTools protocol (a minimal WebSocket, no packages) against a
// running server: loads /demo, turns the flaky network on, spins N times with real clicks, then
// checks the page against the server and saves a screenshot.
// Usage: node browser-driver.mjs (env: ONESPIN_URL, DEMO_TOKEN,
//        CHROMIUM, SCREENSHOT, SPINS, DROP_PERCENT, CREDIT)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDevToolsSocket } from "./devtools-socket.mjs";

const url = process.env.ONESPIN_URL;
const token = process.env.DEMO_TOKEN;
const spins = Number(process.env.SPINS ?? 30);
const dropPercent = Number(process.env.DROP_PERCENT ?? 40);
const credit = Number(process.env.CREDIT);
const screenshot = process.env.SCREENSHOT;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const profile = mkdtempSync(join(tmpdir(), "onespin-chromium-"));
const chromium = spawn(process.env.CHROMIUM ?? "chromium", [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
  "--remote-debugging-port=0", `--user-data-dir=${profile}`, "--window-size=1100,1000", "about:blank",
], { stdio: ["ignore", "ignore", "pipe"] });
let chromiumErr = "";
chromium.stderr.on("data", (chunk) => { chromiumErr += chunk; });

function fail(message) {
  console.error(`browser test: FAIL — ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

async function devtoolsPort() {
  const file = join(profile, "DevToolsActivePort");
  for (let i = 0; i < 200; i++) {
    if (existsSync(file)) {
      const port = readFileSync(file, "utf8").split("\n")[0];
      if (port) return port;
    }
    if (chromium.exitCode !== null) fail(`chromium exited: ${chromiumErr.slice(-500)}`);
    await sleep(50);
  }
  fail("chromium did not open its DevTools port");
}

/** A minimal CDP session: send(method, params) → result. */
async function connect(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const page = targets.find((t) => t.type === "page");
  let next = 0;
  const pending = new Map();
  const consoleLines = [];
  const socket = await openDevToolsSocket(page.webSocketDebuggerUrl, (text) => {
    const message = JSON.parse(text);
    if (message.id !== undefined && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      message.error ? reject(new Error(`${message.error.message}`)) : resolve(message.result);
    } else if (message.method === "Runtime.exceptionThrown") {
      consoleLines.push(message.params.exceptionDetails.exception?.description ?? message.params.exceptionDetails.text);
    }
  });
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    const id = ++next;
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify({ id, method, params }));
  });
  const evaluate = async (expression) => {
    const result = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (result.exceptionDetails) fail(`page: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
    return result.result.value;
  };
  return { send, evaluate, consoleLines, close: () => socket.close() };
}

async function main() {
  const cdp = await connect(await devtoolsPort());
  await cdp.send("Runtime.enable");
  await cdp.send("Page.enable");
  await cdp.send("Emulation.setDeviceMetricsOverride", { width: 1100, height: 1000, deviceScaleFactor: 1, mobile: false });
  await cdp.send("Page.navigate", { url: `${url}/demo#token=${encodeURIComponent(token)}` });
  let ready = false;
  for (let i = 0; i < 300 && !ready; i++) {
    await sleep(50);
    const state = await cdp.evaluate("window.demo ? {ready: window.demo.ready, error: window.demo.error} : null");
    if (state?.error) fail(`the page could not start: ${state.error}`);
    ready = state?.ready === true;
  }
  if (!ready) fail(`the page did not become ready (${cdp.consoleLines.join("; ")})`);
  await cdp.evaluate(`(() => { const d = document.getElementById("drop"); d.value = "${dropPercent}"; d.dispatchEvent(new Event("input")); })()`);
  for (let i = 0; i < spins; i++) {
    const error = await cdp.evaluate(`new Promise((resolve) => {
      document.getElementById("spin").click();
      const timer = setInterval(() => { if (!window.demo.busy) { clearInterval(timer); resolve(window.demo.error); } }, 10);
    })`);
    if (error) fail(`spin ${i + 1}: ${error}`);
  }
  const page = await cdp.evaluate(`({
    balance: Number(document.getElementById("balance").dataset.value),
    rows: document.querySelectorAll("#history tbody tr").length,
    dropped: window.demo.dropped, recovered: window.demo.recovered, reels: document.querySelectorAll("#reels .cell").length,
  })`);
  const headers = { authorization: `Bearer ${token}` };
  const wallet = await (await fetch(`${url}/v1/wallet`, { headers })).json();
  const history = await (await fetch(`${url}/v1/history?limit=100`, { headers })).json();
  if (screenshot) {
    const shot = await cdp.send("Page.captureScreenshot", { format: "png" });
    writeFileSync(screenshot, Buffer.from(shot.data, "base64"));
  }
  cdp.close();
  console.log(`browser test: ${spins} clicks, ${history.spins.length} spins settled, ${page.dropped} responses dropped, ${page.recovered} spins recovered; page balance ${page.balance}, server ${wallet.balance}; history rows ${page.rows}`);
  if (page.balance !== wallet.balance) fail(`the page shows ${page.balance}, the server's wallet is ${wallet.balance}`);
  if (page.rows !== 10) fail(`the history shows ${page.rows} rounds, not 10`);
  if (page.reels === 0) fail("no reels shown");
  if (page.dropped === 0) fail("the flaky network dropped nothing");
  if (history.spins.length < 100 && history.spins.length !== spins) fail(`${history.spins.length} spins settled for ${spins} clicks`);
  if (history.spins.length < 100 && Number.isFinite(credit)) {
    const expected = credit - history.spins.reduce((sum, s) => sum + s.debit - s.win, 0);
    if (expected !== wallet.balance) fail(`wallet ${wallet.balance} != credit − debits + wins = ${expected}`);
  }
  if (new Set(history.spins.map((s) => s.spinId)).size !== history.spins.length) fail("a spin id settled twice");
  console.log(`browser test: ok${screenshot ? ` (screenshot ${screenshot})` : ""}`);
}

try {
  await main();
} catch (error) {
  if (!process.exitCode) console.error(`browser test: FAIL — ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  chromium.kill("SIGTERM");
  await new Promise((resolve) => (chromium.exitCode !== null ? resolve() : chromium.once("exit", resolve)));
  // Chromium's helper processes may still be writing into the profile for a moment after the main
  // process exits: retry, and never let the clean-up of a scratch folder decide the test.
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  } catch (error) {
    console.error(`browser test: could not remove the scratch profile ${profile}: ${error.code ?? error}`);
  }
}
