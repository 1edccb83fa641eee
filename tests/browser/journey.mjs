// The account holder's whole journey in a real, headless Chromium, against a running app:
// register → sign out → sign in → create a link → copy its short URL and open it in a new tab,
// landing on a target page served here → the detail page counts the click → edit → delete →
// sign out. Every page must be styled by Bootstrap, raise no console error, failed request or
// CSP violation, and pass axe-core's accessibility rules (injected through the DevTools
// protocol, outside the page's CSP, which stays as strict). One screenshot per step goes to
// the artefacts folder.
//
//   node tests/browser/journey.mjs BASE_URL ARTIFACTS_DIR [WIDTHxHEIGHT]
//
// The size is the window's, 1200x900 unless given: the suite runs it at a phone's 390x844 and
// 320x568 too, where no page may scroll sideways.
//
// Needs PLAYWRIGHT_CORE_MODULE (playwright-core's entry, installed by scripts/lib.sh),
// AXE_CORE_SCRIPT (axe-core's axe.min.js, likewise) and CHROMIUM (the system browser:
// playwright-core never downloads one). Run by the
// `a_new_user_goes_from_sign_up_to_a_counted_click_in_a_real_browser` API test.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { join } from "node:path";

const [base, artifacts, size = "1200x900"] = process.argv.slice(2);
if (!base || !artifacts) fail("usage: node tests/browser/journey.mjs BASE_URL ARTIFACTS_DIR [WIDTHxHEIGHT]");
const [width, height] = size.split("x").map(Number);
if (!(width > 0 && height > 0)) fail(`not a window size: ${size}`);
for (const name of ["PLAYWRIGHT_CORE_MODULE", "AXE_CORE_SCRIPT", "CHROMIUM"]) {
  if (!process.env[name]) fail(`${name} is not set: run the tests with \`make test\`, which installs it`);
}
const { chromium } = createRequire(import.meta.url)(process.env.PLAYWRIGHT_CORE_MODULE);
const axeSource = readFileSync(process.env.AXE_CORE_SCRIPT, "utf8");

// What Bootstrap 5.3's stylesheet gives a primary button and the dark navbar: if the CSS did
// not load (wrong hashed path, CSP, MIME type), the computed colours are the browser's own.
const BOOTSTRAP_PRIMARY = "rgb(13, 110, 253)";
const BOOTSTRAP_DARK = "rgb(33, 37, 41)";
const STEP_TIMEOUT_MS = 15_000;

function fail(message) {
  console.error(`FAIL ${message}`);
  process.exit(1);
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// The page a short link leads to: another origin, as a real target would be.
function startTarget() {
  const server = createServer((request, response) => {
    if (request.url === "/favicon.ico") return response.writeHead(204).end();
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><title>Target page</title><h1 id="arrived">${request.url}</h1>`);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const username = `e2e${Date.now().toString(36)}`;
const password = "correct horse battery staple";
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });

const target = await startTarget();
const targetUrl = `http://127.0.0.1:${target.address().port}/landing?from=snip`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  // Without these, Chromium keeps trying Google's services, which this network refuses.
  args: [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

// Everything a page complains about, attributed to the step that caused it.
const problems = [];
let currentStep = "start";
// Reduced motion: Bootstrap then drops its colour transitions, so axe-core reads the colours a
// control settles on, not a frame half-way between two states.
const context = await browser.newContext({ viewport: { width, height }, reducedMotion: "reduce" });
context.setDefaultTimeout(STEP_TIMEOUT_MS);
await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
// Runs before any page script and outside the page's CSP, so it sees every violation.
await context.addInitScript(() => {
  document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
  });
});
function watch(page) {
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${currentStep}: console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${currentStep}: uncaught ${error.message}`));
  page.on("requestfailed", (request) => {
    const error = request.failure()?.errorText;
    // ERR_ABORTED is a request cut short by the next navigation, not a failure.
    if (error !== "net::ERR_ABORTED") problems.push(`${currentStep}: request failed: ${request.url()} (${error})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${currentStep}: ${response.status()} for ${response.url()}`);
  });
  return page;
}
context.on("page", watch);

// axe-core's rules on the page as it is now; any violation fails the step.
async function expectAccessible(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map(
      (v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}: ${v.help}`,
    );
  });
  expect(violations.length === 0, `axe-core: ${violations.join("; ")}`);
}

// Nothing wider than the window: at 320 px a table or a long URL must wrap or stack, not push
// the page sideways.
async function expectNoSidewaysScroll(page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth <= innerWidth, `the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
}

let shot = 0;
// `own`: a page of this site (the target page, another origin, is not ours to check).
async function step(name, page, action, { own = true } = {}) {
  currentStep = name;
  try {
    await action();
    await page.waitForLoadState("load");
    if (own) {
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
    }
  } catch (error) {
    await page.screenshot({ path: join(artifacts, `${String(++shot).padStart(2, "0")}-${slug(name)}-FAILED.png`), fullPage: true }).catch(() => {});
    throw new Error(`${name}: ${error.message.split("\n")[0]} (at ${page.url()})`);
  }
  await page.screenshot({ path: join(artifacts, `${String(++shot).padStart(2, "0")}-${slug(name)}.png`), fullPage: true });
  const here = problems.filter((p) => p.startsWith(`${name}:`));
  expect(here.length === 0, here.join("; "));
  console.log(`ok   ${name}`);
}

function slug(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

async function expectStyled(page) {
  await page.evaluate(() => document.fonts.ready);
  const styles = await page.evaluate(() => ({
    navbar: getComputedStyle(document.querySelector("nav.navbar")).backgroundColor,
    primary: [...document.querySelectorAll(".btn-primary")].map((b) => getComputedStyle(b).backgroundColor)[0],
    iconFont: document.fonts.check("16px bootstrap-icons"),
    bootstrapJs: typeof window.bootstrap === "object",
  }));
  expect(styles.navbar === BOOTSTRAP_DARK, `the navbar is ${styles.navbar}, not Bootstrap's dark ${BOOTSTRAP_DARK}: is the stylesheet applied?`);
  if (styles.primary !== undefined) {
    expect(styles.primary === BOOTSTRAP_PRIMARY, `a primary button is ${styles.primary}, not Bootstrap's ${BOOTSTRAP_PRIMARY}`);
  }
  expect(styles.iconFont, "the bootstrap-icons font did not load");
  expect(styles.bootstrapJs, "Bootstrap's script did not run");
}

// On a phone the main menu is folded behind its toggler: unfold it to reach a link in it.
async function openMenu(page) {
  const toggler = page.locator(".navbar-toggler");
  if (await toggler.isVisible()) {
    if ((await toggler.getAttribute("aria-expanded")) !== "true") await toggler.click();
    await page.locator("#main-menu.show").waitFor();
  }
}

async function expectPath(page, path) {
  const url = new URL(page.url());
  expect(url.pathname + url.search === path, `expected to be at ${path}, got ${url.pathname}${url.search}`);
}

const page = await context.newPage();
let shortUrl;
let exitCode = 0;
try {
  await step("register", page, async () => {
    await page.goto(`${base}/accounts/register/`);
    await expectStyled(page);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Email").fill(`${username}@example.com`);
    await page.locator("#password1").fill(password);
    await page.locator("#password2").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    // A new account lands on the signed-in home, to make its first link.
    await page.waitForURL(`${base}/`);
    expect((await page.locator("#quick-heading").textContent()) === "Shorten a link", "no quick create after registering");
    await page.goto(`${base}/accounts/profile/`);
    expect((await page.locator("#profile-username").textContent()) === username, "the profile does not show the new username");
    const joined = page.locator("#profile-joined time");
    expect(/UTC$/.test((await joined.getAttribute("title")) || ""), "the date joined was not localised");
  });

  await step("sign out after registering", page, async () => {
    await openMenu(page);
    await page.getByRole("link", { name: "Sign out" }).click();
    await page.waitForURL("**/accounts/logout/");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/accounts/logout/"));
    await page.goto(`${base}/links/`);
    await expectPath(page, "/accounts/login/?next=%2Flinks%2F");
  });

  await step("sign in", page, async () => {
    await expectStyled(page);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/links/");
    expect(await page.locator("#no-links").isVisible(), "a new account should have no links yet");
  });

  await step("create a link", page, async () => {
    await page.goto(`${base}/links/new/`);
    await expectStyled(page);
    await page.getByLabel("Address to shorten").fill(targetUrl);
    await page.getByLabel("Title").fill("Browser journey");
    await page.getByLabel("Tags").fill("Journey, test");
    await page.getByRole("button", { name: "Create link" }).click();
    await page.waitForURL(/\/links\/[a-z0-9]{8}\/$/);
    expect((await page.locator("h1").textContent()) === "Browser journey", "the detail page does not show the title");
    expect((await page.locator("#link-clicks").textContent()) === "0", "a new link should have 0 clicks");
    // Times come in UTC and the site's script shows them in the reader's zone, the UTC text
    // kept as the title.
    const created = page.locator("#link-created time");
    expect(/UTC$/.test((await created.getAttribute("title")) || ""), "the creation time was not localised");
    expect(/Z$/.test((await created.getAttribute("datetime")) || ""), "no machine-readable time");
    const tags = await page.locator("#link-tags .tag-badge").allTextContents();
    expect(tags.join(",") === "journey,test", `the tags shown are ${tags}`);
    const qr = page.locator("#qr-code img");
    expect(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), "the QR code did not load");
  });

  await step("copy the short URL", page, async () => {
    await page.getByRole("button", { name: "Copy" }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    // Said to screen readers too, through the page's live region.
    expect((await page.locator("#live-status").textContent()) === "Copied to the clipboard", "the copy is not announced");
    shortUrl = await page.evaluate(() => navigator.clipboard.readText());
    const slug = new URL(page.url()).pathname.split("/")[2];
    expect(shortUrl === `${base}/${username}/${slug}/`, `the clipboard holds ${shortUrl}`);
  });

  const tab = await context.newPage();
  await step("open the short URL in a new tab", tab, async () => {
    await tab.goto(shortUrl);
    expect(tab.url() === targetUrl, `the short URL led to ${tab.url()}, not ${targetUrl}`);
    expect((await tab.locator("#arrived").textContent()) === "/landing?from=snip", "the target page did not render");
  }, { own: false });
  await tab.close();

  await step("the detail page counts the click", page, async () => {
    // The count and the visit are written just after the redirect is answered, side by
    // side: reload until both show, for up to 10 s.
    const visits = page.locator("tr.visit");
    const deadline = Date.now() + 10_000;
    for (;;) {
      await page.reload();
      const clicks = await page.locator("#link-clicks").textContent();
      const rows = await visits.count();
      if (clicks !== "0" || rows > 0) {
        if (clicks === "1" && rows === 1) break;
        expect(clicks === "1" || clicks === "0", `one click shows as ${clicks} clicks`);
        expect(rows <= 1, `one click shows as ${rows} visits`);
      }
      expect(Date.now() < deadline, `after 10 s the page shows ${clicks} clicks and ${rows} visits, not 1 and 1`);
      await page.waitForTimeout(100);
    }
    await expectStyled(page);
    const row = await visits.first().innerText();
    const browser = visits.first().locator(".visit-browser");
    expect((await browser.textContent()) === "Chrome", `the visit does not show the browser: ${row}`);
    expect((await visits.first().locator(".visit-device").textContent()) === "Desktop", `the visit does not show the device: ${row}`);
    const agent = await browser.getAttribute("title");
    expect(agent.includes("HeadlessChrome"), `the raw user agent is not on hover: ${agent}`);
    // The visitor's network, never the host (ANONYMIZE_IPS defaults to true): IPv4 ending in .0,
    // or an IPv6 /48 ending in "::".
    expect(/\b\d+\.\d+\.\d+\.0\b|[0-9a-f:]+::/.test(row), `the visit does not show the network: ${row}`);
    expect((await page.locator("#link-bot-hits").textContent()) === "0", "the browser's click was counted as a bot");
    // The chart of the period (inline SVG, no script): drawn, a bar a day, today's click in it,
    // and no CSP violation or console error (checked for every step).
    const chart = page.locator("figure.click-chart svg");
    expect((await chart.count()) === 1, "no chart on the link page");
    expect((await chart.locator("rect.chart-people").count()) === 30, "the chart has not a bar for each of 30 days");
    const box = await chart.boundingBox();
    expect(box && box.width > 200 && box.height > 50, `the chart is not drawn at a readable size: ${JSON.stringify(box)}`);
    expect((await page.locator("#period-clicks").textContent()) === "1", "the period does not count the click");
    // The short link's QR code, loaded and shown, with its downloads.
    const qr = page.locator("#qr-code img");
    await qr.scrollIntoViewIfNeeded();
    const drawn = await qr.evaluate((img) => img.complete && img.naturalWidth > 0);
    expect(drawn, "the QR code did not load");
    expect((await page.locator('#qr-code a[download]').count()) === 2, "no SVG and PNG downloads beside the QR code");
  });

  let detail;
  await step("the list shows the link", page, async () => {
    detail = page.url();
    await openMenu(page);
    await page.getByRole("link", { name: "My links" }).click();
    await page.waitForURL("**/links/");
    const row = page.locator("tr.link-row");
    expect((await row.count()) === 1, "the list does not show the one link");
    expect((await row.locator(".clicks").textContent()).trim() === "1", "the list does not count the click");
    // A card on a phone (the cells stacked), a table row on a wider screen.
    // Each row copies its own short URL.
    await row.locator(".copy-short-url").click();
    await row.locator(".copy-short-url span", { hasText: "Copied" }).waitFor();
    expect((await page.evaluate(() => navigator.clipboard.readText())) === shortUrl, "the list's Copy does not copy the short URL");
    const stacked = (await row.evaluate((tr) => getComputedStyle(tr).display)) === "block";
    expect(stacked === width < 768, `the row is ${stacked ? "" : "not "}a card at ${width} px`);
    if (width < 768) {
      // On a phone the slug's field sits under its prefix, as wide as it.
      await page.goto(`${base}/links/new/`);
      const [prefix, field] = await Promise.all([
        page.locator("#slug-prefix").boundingBox(),
        page.locator("#slug").boundingBox(),
      ]);
      expect(field.y >= prefix.y + prefix.height - 1, "the slug field is not under its prefix");
      expect(field.width >= prefix.width - 1, `the slug field is ${field.width} px wide`);
      await page.goto(`${base}/links/`);
    }
  });

  await step("the account's other pages", page, async () => {
    // Each checked as a step's page is (styled, axe-core, no sideways scroll), with a screenshot.
    for (const path of ["/", "/links/import/", "/accounts/profile/", "/accounts/tokens/", "/accounts/email/", "/accounts/password_change/", "/accounts/delete/"]) {
      await page.goto(`${base}${path}`);
      await expectStyled(page);
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: join(artifacts, `${String(shot).padStart(2, "0")}-page-${slug(path) || "home"}.png`), fullPage: true });
    }
    expect((await page.locator("#delete-warning").count()) === 1, "the account deletion page does not warn");
  });

  await step("edit the link", page, async () => {
    await page.goto(detail);
    await page.getByRole("link", { name: "Edit" }).click();
    await page.waitForURL(/\/edit\/$/);
    await expectStyled(page);
    await page.getByLabel("Title").fill("Edited journey");
    await page.getByLabel("Address to shorten").fill(`${targetUrl}&edited=1`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(/\/links\/[a-z0-9]{8}\/$/);
    expect((await page.locator("h1").textContent()) === "Edited journey", "the new title is not shown");
    expect((await page.locator("#link-target").textContent()) === `${targetUrl}&edited=1`, "the new target is not shown");
  });

  await step("delete the link", page, async () => {
    await page.getByRole("link", { name: "Delete" }).click();
    await page.waitForURL(/\/delete\/$/);
    await expectStyled(page);
    await page.getByRole("button", { name: "Delete link" }).click();
    await page.waitForURL("**/links/");
    expect(await page.locator("#no-links").isVisible(), "the deleted link is still listed");
    // Asked outside the browser: a 404 page would (rightly) log a console error.
    const gone = await fetch(shortUrl, { redirect: "manual" });
    expect(gone.status === 404, `the deleted link's short URL answers ${gone.status}, not 404`);
  });

  await step("sign out", page, async () => {
    await openMenu(page);
    await page.getByRole("link", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/accounts/logout/"));
    await openMenu(page);
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }).isVisible(), "the page still shows a signed-in user");
    await page.goto(`${base}/links/`);
    await expectPath(page, "/accounts/login/?next=%2Flinks%2F");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.waitForURL("**/accounts/password_reset/");
    await expectStyled(page);
  });

  // Nothing went wrong between or after the steps either (a late response, the tab closing).
  expect(problems.length === 0, `problems outside the steps' own checks: ${problems.join("; ")}`);

  // The CSP check must be able to fail: an inline script is a violation it has to report.
  currentStep = "self-check";
  const reported = page.waitForEvent("console", {
    predicate: (message) => message.text().startsWith("CSP violation"),
    timeout: 5_000,
  });
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.inlineRan = true";
    document.body.append(script);
  });
  await reported;
  expect(!(await page.evaluate(() => window.inlineRan)), "an injected inline script ran: the CSP does not forbid it");
  // Chromium logs its own line about the blocked script beside the watcher's.
  const unexpected = problems.filter(
    (p) => !(p.startsWith("self-check: console error:") && /CSP violation|Content Security Policy/.test(p)),
  );
  expect(unexpected.length === 0, `problems during the self-check: ${unexpected.join("; ")}`);
  console.log("ok   the CSP blocks inline scripts and the watcher reports it");
} catch (error) {
  console.error(`FAIL ${error.message}`);
  exitCode = 1;
} finally {
  await browser.close();
  target.close();
}
console.log(`screenshots in ${artifacts}`);
process.exit(exitCode);
