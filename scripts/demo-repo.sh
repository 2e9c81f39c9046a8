#!/usr/bin/env bash
# Creates the Git repository the demo pipeline builds (config/examples/pipelines/demo.yaml), once:
# a tiny site with a buildspec.yml for the Build stage and an appspec.yml for the Deploy stage.
set -euo pipefail
repo=${1:-.lockstep/demo-repo}
[ -d "$repo/.git" ] && exit 0
mkdir -p "$repo/scripts"
cd "$repo"
git init -q -b main
cat > index.html <<'HTML'
<!doctype html><title>Lockstep demo</title><h1>Deployed by Lockstep</h1>
HTML
cat > buildspec.yml <<'YAML'
version: 0.2
phases:
  build:
    commands:
      - echo "Building commit $CODEBUILD_RESOLVED_SOURCE_VERSION"
      - mkdir -p dist && cp index.html dist/ && date -u > dist/built-at.txt
artifacts:
  files:
    - appspec.yml
    - scripts/**/*
    - dist/**/*
YAML
cat > appspec.yml <<'YAML'
version: 0.0
os: linux
files:
  - source: dist
    destination: /site
hooks:
  ValidateService:
    - location: scripts/validate.sh
      timeout: 60
YAML
cat > scripts/validate.sh <<'SH'
#!/bin/sh
test -f "$LOCKSTEP_DEPLOYMENT_ROOT/site/index.html"
SH
chmod +x scripts/validate.sh
git add -A
git -c user.name=Lockstep -c user.email=demo@lockstep.invalid commit -q -m "Demo site"
echo "created the demo repository in $repo"
