# The two commands of the README, and the rest of the developer tasks.
.PHONY: run test build purge bench bench-cpu bench-link-page bench-search bench-import bench-purge bench-weight smoke journey export-static vendor-static

run:            ## the app at http://127.0.0.1:9000, DynamoDB Local behind it
	./scripts/run.sh

test:           ## every check CI runs
	./scripts/test.sh

build:          ## sam build: four arm64 bootstraps in .aws-sam/build, no Docker
	./scripts/build.sh

purge:          ## one run of the scheduled purge of deleted accounts' links, against `make run`
	./scripts/purge.sh

bench:          ## sizes, cold starts and latencies, printed (figures go in BENCHMARKS.md)
	./scripts/bench.sh

bench-cpu:      ## only CPU and memory per request (quick look: BENCH_REQUESTS=5000 BENCH_ONLY=redirect,bench-read; BENCH_BASELINE=DIR compares an older build)
	./scripts/bench.sh --per-request-only

bench-link-page: ## only the link page at volume (quick look: BENCH_SEED_CLICKS=10000)
	./scripts/bench.sh --link-page-only

bench-search:   ## only finding links by tag and words for a user with 10,000 links (BENCH_SEARCH_LINKS=1000 for a quick look)
	./scripts/bench.sh --search-only

bench-import:   ## only importing 1,000 links, into accounts with 0, 1,000 and 2,000, and again
	./scripts/bench.sh --import-only

bench-purge:    ## only removing a deleted account with 10,000 links (BENCH_PURGE_LINKS=1000 for a quick look)
	./scripts/bench.sh --purge-only

bench-weight:   ## only what a first visit of each page weighs (target: under 40 KB)
	./scripts/bench.sh --weight-only

smoke:          ## the monitor's checks against URL (e.g. make smoke URL=http://127.0.0.1:9000)
	node monitoring/smoke.mjs $(URL)

journey:        ## the browser journey against a running app (e.g. make journey URL=http://127.0.0.1:9000)
	./scripts/journey.sh $(URL)

export-static:  ## the published static files and manifest, for a CDN (DIR=dist/static)
	cargo xtask export-static $(or $(DIR),dist/static)

vendor-static:  ## re-vendor Bootstrap and bootstrap-icons from npm (pinned)
	./scripts/vendor-static.sh
