// Parses every Terraform file (.tf, .tfvars, .hcl) under a folder with HashiCorp's own HCL parser (compiled to
// WebAssembly in @cdktf/hcl2json) and prints one JSON document: {"files": {path: body}, "errors": {path: message}}.
// Paths are relative to the folder and use forward slashes. A file that does not parse is reported, not fatal,
// so the caller sees every broken file at once.
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parse } from "@cdktf/hcl2json";

const skipped = new Set(["node_modules", ".terraform"]);
const extensions = [".tf", ".tfvars", ".hcl"];

async function* terraformFiles(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!skipped.has(entry.name)) yield* terraformFiles(path);
    } else if (extensions.some((extension) => entry.name.endsWith(extension))) {
      yield path;
    }
  }
}

const root = process.argv[2];
if (!root) {
  console.error("usage: node convert.mjs <folder>");
  process.exit(2);
}

const result = { files: {}, errors: {} };
for await (const path of terraformFiles(root)) {
  const name = relative(root, path).split(sep).join("/");
  try {
    result.files[name] = await parse(name, await readFile(path, "utf8"));
  } catch (error) {
    result.errors[name] = String(error?.message ?? error);
  }
}
process.stdout.write(JSON.stringify(result));
