// The monitor's checks against any base URL: `node monitoring/smoke.mjs https://...` (or
// `make smoke URL=...`). CI runs it after a deployment; the test suite runs it against the
// local app. The checks live in `checks.mjs`, the one list they share.
//
// Exits 0 when every check passes; otherwise prints the first failure and exits 1.
import { runChecks } from "./checks.mjs";

const base = process.argv[2] || process.env.URL;
if (!base) {
  console.error("usage: node monitoring/smoke.mjs <base URL>   (or make smoke URL=...)");
  process.exit(2);
}

try {
  for await (const passed of runChecks(base, {
    username: process.env.SMOKE_USERNAME,
    password: process.env.SMOKE_PASSWORD,
  })) {
    console.log(`ok   ${passed}`);
  }
  console.log(`smoke: all checks passed against ${base}`);
} catch (error) {
  console.error(`FAIL ${error.message}`);
  process.exit(1);
}
