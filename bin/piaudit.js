#!/usr/bin/env node
// Thin launcher: everything lives in dist/cli-bundle/main.js, built by `npm run build` (tsc, then
// esbuild bundles the CLI into a few files: loading ~190 separate modules cost ~60 ms per start,
// which a pre-commit hook pays on every commit). Heavy parts stay separate chunks loaded on demand.
import '../dist/cli-bundle/main.js';
