// Validates a Teams app manifest against the official schema named by its "$schema",
// using the copy bundled in @microsoft/app-manifest; never fetches it over the network.
// Usage: node manifest/validate.js <manifest.json>
// Prints a JSON array of error strings; exit code 0 when valid, 1 when not, 2 when it cannot validate.
"use strict";
const fs = require("fs");
const path = require("path");
const { AppManifestUtils } = require("@microsoft/app-manifest");

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: node validate.js <manifest.json>");
    return 2;
  }
  const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  const schemaUrl = manifest.$schema;
  // The library looks for a bundled schema first and only downloads when it has none.
  // Refuse that download: an unknown schema is an error here, not a network call.
  const suffix = AppManifestUtils.getLocalSchemaSuffix(schemaUrl ?? "");
  const bundled = suffix && path.join(path.dirname(require.resolve("@microsoft/app-manifest")), suffix);
  if (!bundled || !fs.existsSync(bundled)) {
    console.error(`no bundled schema for ${schemaUrl}`);
    return 2;
  }
  const errors = await AppManifestUtils.validateAgainstSchema(manifest);
  console.log(JSON.stringify(errors, null, 2));
  return errors.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
);
