// onespin.js — the reference client of the onespin spin server. A dependency-free ES module for
// browsers and Node >= 18 (fetch, AbortController, crypto.randomUUID).
//
// The retry protocol it implements: one Idempotency-Key per spin, minted once; on a timeout, a
// dropped connection, 409 request_in_progress, 409 player_busy, 429 or 503 it waits Retry-After
// (or a capped, jittered backoff) and resends the SAME key; when it cannot tell whether a spin
// landed it asks GET /v1/spins/{id}. It never mints a second key for the same spin.

/**
 * @typedef {Object} OneSpinOptions
 * @property {string} baseUrl            Server origin, e.g. "http://127.0.0.1:8080".
 * @property {string} token              The player's bearer token (JWT).
 * @property {number} [timeoutMs=5000]   Per-attempt timeout.
 * @property {number} [deadlineMs=30000] Overall deadline of one call, retries included.
 * @property {number} [backoffMs=100]    First backoff step when no Retry-After is given.
 * @property {number} [maxBackoffMs=2000] Backoff cap (a server's Retry-After is honoured as given).
 * @property {typeof fetch} [fetch]      The fetch to use (default: globalThis.fetch).
 * @property {(event: RetryEvent) => void} [onRetry] Called before each lookup and each resend of a spin.
 */

/**
 * @typedef {Object} RetryEvent
 * @property {string} spinId   The spin's key (the same every time).
 * @property {number} attempt  1 for the first recovery step.
 * @property {"lookup"|"resend"} action  GET /v1/spins/{id} now, or the same POST after waitMs.
 * @property {string} reason   "timeout" | "network" | a problem code | "http_<status>".
 * @property {number} waitMs   How long the client waits first (0 for a lookup).
 */

/**
 * @typedef {Object} SpinRequest
 * @property {string} game  A game id from games().
 * @property {number} [bet] Stake in minor units (omit only for kind "free").
 * @property {"normal"|"buy_feature"|"ticket"|"free"} [kind="normal"]
 */

/**
 * @typedef {Object} Spin  The settled spin, as the contract describes it.
 * @property {string} spinId
 * @property {string} game
 * @property {string} kind
 * @property {number} bet
 * @property {number} debit
 * @property {number} win
 * @property {number} balance
 * @property {string[][]} reels
 * @property {number[]} stops
 * @property {{line: number|null, symbol: string, count: number, ways?: number, amount: number}[]} wins
 * @property {{freeSpinsLeft: number, freeSpinsTotal: number, multiplier: number, roundWin: number}|null} feature
 * @property {boolean} boosted
 * @property {string} settledAt
 * @property {boolean} replayed  True when the answer is the stored one of an earlier attempt.
 */

/** An error answer of the server (its problem `code`), or a client-side failure. */
export class OneSpinError extends Error {
  /**
   * @param {string} code    The problem code, or "deadline_exceeded" / "network" / "bad_response".
   * @param {number} status  HTTP status (0 when there was no answer).
   * @param {string} detail  What was wrong.
   * @param {string|null} [spinId] The spin's key, for spin calls.
   * @param {boolean} [replayed] Whether the server replayed a stored answer.
   */
  constructor(code, status, detail, spinId = null, replayed = false) {
    super(`${code}${status ? ` (${status})` : ""}: ${detail}`);
    this.name = "OneSpinError";
    this.code = code;
    this.status = status;
    this.detail = detail;
    this.spinId = spinId;
    this.replayed = replayed;
  }
}

// Answers that applied nothing: the same request may (must) be resent with the same key.
const RETRYABLE_CODES = new Set(["request_in_progress", "player_busy", "rate_limited", "store_unavailable", "request_timeout"]);

export class OneSpin {
  /** @param {OneSpinOptions} options */
  constructor(options) {
    if (!options || !options.baseUrl || !options.token) throw new TypeError("OneSpin: baseUrl and token are required");
    this.baseUrl = String(options.baseUrl).replace(/\/+$/, "");
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.deadlineMs = options.deadlineMs ?? 30000;
    this.backoffMs = options.backoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 2000;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.onRetry = options.onRetry ?? null;
  }

  /**
   * Plays one spin exactly once. Resolves to the settled spin; rejects with a OneSpinError for a
   * stored error (402 insufficient_funds, 409 feature_active, …), a bad request, or the deadline.
   * @param {SpinRequest} request
   * @param {{spinId?: string}} [options] spinId: resume a spin whose key you kept (never a new one).
   * @returns {Promise<Spin>}
   */
  async spin(request, options = {}) {
    const spinId = options.spinId ?? globalThis.crypto.randomUUID();
    const body = JSON.stringify({ game: request.game, bet: request.bet, kind: request.kind ?? "normal" });
    const deadline = Date.now() + this.deadlineMs;
    const post = () => this.#attempt("POST", "/v1/spins", deadline, body, spinId);
    const look = () => this.#attempt("GET", `/v1/spins/${encodeURIComponent(spinId)}`, deadline);
    let answer = await post();
    for (let attempt = 1; ; attempt++) {
      if (answer.status === 200) return { ...(await answer.json(spinId)), replayed: answer.replayed };
      let reason;
      if (answer.failure) {
        // Timeout or dropped connection: the spin may or may not have landed. Ask.
        reason = answer.failure;
        if (this.onRetry) this.onRetry({ spinId, attempt, action: "lookup", reason, waitMs: 0 });
        const found = await look();
        if (found.status === 200) return { ...(await found.json(spinId)), replayed: true };
        if (found.status >= 400 && found.status !== 404 && !found.failure && found.replayed) throw await found.error(spinId);
        // 404 unknown_spin (never landed), 202 in progress, or no answer: resend the same key.
        answer = found.status === 202 ? found : answer;
      } else {
        const problem = await answer.problem();
        if (problem && RETRYABLE_CODES.has(problem.code)) reason = problem.code;
        else if (!problem && (answer.status === 502 || answer.status === 503 || answer.status === 504)) reason = `http_${answer.status}`;
        else throw answer.toError(problem, spinId);
      }
      const waitMs = this.#wait(answer.retryAfter, attempt, deadline);
      if (waitMs < 0) throw new OneSpinError("deadline_exceeded", 0, `no settled answer within ${this.deadlineMs} ms (last: ${reason})`, spinId);
      if (this.onRetry) this.onRetry({ spinId, attempt, action: "resend", reason, waitMs });
      await sleep(waitMs);
      answer = await post();
    }
  }

  /** @returns {Promise<{player: string, balance: number, tickets: Object<string, number>, feature: object|null, boost: object|null}>} */
  wallet() { return this.#read("/v1/wallet"); }

  /**
   * @param {number} [limit=10] 1…100
   * @returns {Promise<{spins: Spin[]}>}
   */
  history(limit = 10) { return this.#read(`/v1/history?limit=${encodeURIComponent(limit)}`); }

  /**
   * The stored answer of a spin: the spin, or a OneSpinError (404 unknown_spin, a stored error,
   * or "in_progress" with status 202).
   * @param {string} spinId
   * @returns {Promise<Spin>}
   */
  async lookup(spinId) {
    const spin = await this.#read(`/v1/spins/${encodeURIComponent(spinId)}`, spinId);
    if (spin && spin.state === "in_progress") throw new OneSpinError("in_progress", 202, "the spin is being processed", spinId);
    return { ...spin, replayed: true };
  }

  /** @returns {Promise<{games: {id: string, name: string, kind: string, reels: number, rows: number, bets: number[], buyMultiplier: number|null, rtp: number, boostedRtp: number, freeSpins: object|null}[]}>} */
  games() { return this.#read("/v1/games"); }

  /** A GET that is safe to repeat: retried on the same terms as a spin, up to the deadline. */
  async #read(path, spinId = null) {
    const deadline = Date.now() + this.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      const answer = await this.#attempt("GET", path, deadline);
      let reason = answer.failure;
      if (!reason) {
        if (answer.status === 200 || answer.status === 202) return answer.json(spinId);
        const problem = await answer.problem();
        if (problem && RETRYABLE_CODES.has(problem.code)) reason = problem.code;
        else throw answer.toError(problem, spinId);
      }
      const waitMs = this.#wait(answer.retryAfter, attempt, deadline);
      if (waitMs < 0) throw new OneSpinError("deadline_exceeded", 0, `no answer within ${this.deadlineMs} ms (last: ${reason})`, spinId);
      await sleep(waitMs);
    }
  }

  /** One request with its own timeout; never throws: a failure is reported in the result. */
  async #attempt(method, path, deadline, body, key) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return new Answer(null, "timeout");
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.min(this.timeoutMs, remaining));
    const headers = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (key !== undefined) headers["idempotency-key"] = key;
    try {
      const response = await this.fetch(this.baseUrl + path, { method, headers, body, signal: controller.signal });
      // Read the whole body inside the timeout: a connection dropped mid-body is a failure too.
      const text = await response.text();
      return new Answer(response, null, text);
    } catch (error) {
      return new Answer(null, controller.signal.aborted ? "timeout" : "network");
    } finally {
      clearTimeout(timer);
    }
  }

  /** Milliseconds to wait before attempt `attempt + 1`, or -1 when the deadline would pass. */
  #wait(retryAfter, attempt, deadline) {
    const capped = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** Math.min(attempt - 1, 16));
    const waitMs = retryAfter !== null ? retryAfter * 1000 : capped / 2 + Math.random() * capped / 2;
    return Date.now() + waitMs >= deadline ? -1 : Math.round(waitMs);
  }
}

/** A response read in full, or why there was none. */
class Answer {
  constructor(response, failure, text = "") {
    this.failure = failure;
    this.status = response ? response.status : 0;
    this.text = text;
    this.contentType = response ? response.headers.get("content-type") ?? "" : "";
    this.replayed = response ? response.headers.get("idempotent-replayed") === "true" : false;
    const after = response ? response.headers.get("retry-after") : null;
    this.retryAfter = after !== null && /^\d+$/.test(after) ? Number(after) : null;
  }

  async json(spinId) {
    try {
      return JSON.parse(this.text);
    } catch {
      throw new OneSpinError("bad_response", this.status, "the answer is not JSON", spinId);
    }
  }

  async problem() {
    if (!this.contentType.startsWith("application/problem+json")) return null;
    try {
      const problem = JSON.parse(this.text);
      return typeof problem.code === "string" ? problem : null;
    } catch {
      return null;
    }
  }

  async error(spinId) { return this.toError(await this.problem(), spinId); }

  toError(problem, spinId) {
    if (problem) return new OneSpinError(problem.code, this.status, String(problem.detail ?? ""), spinId, this.replayed);
    return new OneSpinError(`http_${this.status}`, this.status, this.text.slice(0, 200), spinId, this.replayed);
  }
}

function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
