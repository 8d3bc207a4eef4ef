// Fills the ${{NAME}} placeholders of manifest.json from environment variables.
// Usage: node manifest/fill.js <template.json> <output.json>
// Fails, naming them, if any placeholder has no value, so no half-filled manifest is ever packaged.
"use strict";
const fs = require("fs");

const [template, output] = process.argv.slice(2);
if (!template || !output) {
  console.error("usage: node fill.js <template.json> <output.json>");
  process.exit(2);
}

const text = fs.readFileSync(template, "utf8");
const missing = new Set();
// Substitute inside the parsed JSON, so a value can never break the JSON syntax.
const filled = JSON.parse(text, (_key, value) =>
  typeof value !== "string"
    ? value
    : value.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (_m, name) => {
        const v = process.env[name];
        if (!v) {
          missing.add(name);
          return "";
        }
        return v;
      })
);

if (missing.size > 0) {
  console.error(`missing values for: ${[...missing].join(", ")}`);
  process.exit(1);
}
fs.writeFileSync(output, JSON.stringify(filled, null, 2) + "\n");
