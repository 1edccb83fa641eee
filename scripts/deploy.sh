#!/usr/bin/env bash
# Deploys what `make build` left in .aws-sam/build to one stage, with samconfig.toml's settings
# for it (`staging` → stack snip-staging, `prod` → snip-prod):
#   scripts/deploy.sh staging|prod        deploy (AWS credentials from the environment)
#   scripts/deploy.sh --url staging|prod  print the stage's API URL (the stack's ApiUrl output)
# SAM CLI at the version scripts/lib.sh pins, as in every other script.
source "$(dirname "$0")/lib.sh"

url=false
if [ "${1:-}" = "--url" ]; then
  url=true
  shift
fi
stage="${1:-}"
case "$stage" in
  staging | prod) ;;
  *) die "usage: scripts/deploy.sh [--url] staging|prod" ;;
esac

ensure_python_tools >&2
if $url; then
  aws_stack="snip-$stage"
  sam list stack-outputs --stack-name "$aws_stack" --output json \
    | python3 -c 'import json, sys; print(next(o["OutputValue"] for o in json.load(sys.stdin) if o["OutputKey"] == "ApiUrl"))'
  exit 0
fi
[ -f .aws-sam/build/template.yaml ] || die "nothing built: run make build first"
sam deploy --config-env "$stage" --template-file .aws-sam/build/template.yaml \
  --no-confirm-changeset --no-fail-on-empty-changeset
