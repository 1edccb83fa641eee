// What "the product is up" means, checked over HTTP with nothing but `fetch`: used by the
// smoke command (`smoke.mjs`). Each check throws an Error whose message says what was wrong.

const TIMEOUT_MS = 5000;

async function get(url, init = {}) {
  try {
    return await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS), ...init });
  } catch (error) {
    throw new Error(`${init.method || "GET"} ${url}: no answer (${error.cause?.code || error.name})`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs the checks in order, yielding the name of each one that passed; throws on the first failure. */
export async function* runChecks(base, { username, password } = {}) {
  const url = (path) => new URL(path, base.endsWith("/") ? base : `${base}/`).toString();

  const health = await get(url("health/"));
  const body = await health.text();
  expect(health.status === 200, `GET /health/ answered ${health.status}: ${body.slice(0, 200)}`);
  const status = JSON.parse(body);
  expect(status.status === "healthy" && status.database === "connected", `GET /health/ says ${body}`);
  yield `health: ${status.status}, database ${status.database} (${status.check_ms} ms)`;

  const home = await get(url(""));
  expect(home.status === 200, `GET / answered ${home.status}`);
  const html = await home.text();
  const stylesheet = html.match(/<link rel="stylesheet" href="([^"]+\.css)"/);
  expect(stylesheet, "GET / links no stylesheet");
  const asset = await get(new URL(stylesheet[1], url("")).toString(), {
    method: "HEAD",
    headers: { "accept-encoding": "br, gzip" },
  });
  expect(asset.status === 200, `HEAD ${stylesheet[1]} answered ${asset.status}`);
  const caching = asset.headers.get("cache-control") || "";
  expect(caching.includes("immutable"), `HEAD ${stylesheet[1]}: Cache-Control is "${caching}", not immutable`);
  const encoding = asset.headers.get("content-encoding");
  expect(encoding === "br", `HEAD ${stylesheet[1]}: Content-Encoding is "${encoding}", not br`);
  yield `static asset ${stylesheet[1]}: immutable, brotli`;

  const missing = await get(url("smoke-check/no-such-page/"), { headers: { accept: "text/html" } });
  const page = await missing.text();
  expect(missing.status === 404, `GET /smoke-check/no-such-page/ answered ${missing.status}, not 404`);
  expect(page.includes("Page Not Found") && page.includes('href="/"'), "the 404 page is not the branded one");
  yield "unknown path: branded 404";

  if (username && password) {
    const form = await get(url("accounts/login/"));
    expect(form.status === 200, `GET /accounts/login/ answered ${form.status}`);
    const token = (await form.text()).match(/name="csrf_token" value="([0-9a-f]+)"/);
    expect(token, "the sign-in page has no CSRF token");
    const cookies = form.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const signIn = await get(url("accounts/login/"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies },
      body: new URLSearchParams({ csrf_token: token[1], username, password }),
    });
    expect(signIn.status === 302, `signing in as ${username} answered ${signIn.status}, not 302`);
    yield `sign-in as ${username}`;
  }
}
