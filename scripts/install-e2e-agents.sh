#!/usr/bin/env bash
# Installs the real agent CLIs the end-to-end suite drives (from the npm registry, into e2e/agents/node_modules).
# Idempotent: quick when they are already there. The suite skips an agent whose CLI is absent.
set -euo pipefail
cd "$(dirname "$0")/../e2e/agents"
if [ -x node_modules/.bin/claude ] && [ -x node_modules/.bin/codex ] && [ -x node_modules/.bin/opencode ] && [ -x node_modules/.bin/gemini ] && [ -d node_modules/@openai/agents ] \
  && grep -q '"version": "2.1.197"' node_modules/@anthropic-ai/claude-code/package.json 2>/dev/null \
  && grep -q '"version": "0.169.0"' node_modules/@openai/codex/package.json 2>/dev/null \
  && grep -q '"version": "1.18.33"' node_modules/opencode-ai/package.json 2>/dev/null \
  && grep -q '"version": "0.61.0"' node_modules/@google/gemini-cli/package.json 2>/dev/null; then
  echo "e2e agents already installed"
  exit 0
fi
npm install --no-audit --no-fund
