// Validates rendered Kubernetes manifests (multi-document YAML on stdin, e.g. from `kubectl kustomize`)
// against the API schemas, and prints one JSON report on stdout:
//   { "objects": [...every object as JSON...], "results": [{ "kind", "name", "check", "errors" }] }
// `check` says how far an object could be checked: "schema" (the Kubernetes or External Secrets
// OpenAPI schema), "required-fields" (CloudNativePG, which publishes no model here), or "unknown".
// It exits 0 even when objects are invalid: the caller decides, and sees every error at once.
import { parseAllDocuments } from "yaml";

// CloudNativePG's Cluster: the fields Bazaar relies on, as its CRD requires them.
const requiredFieldChecks = {
  "postgresql.cnpg.io/v1/Cluster": (cluster) => {
    const errors = [];
    const spec = cluster.spec ?? {};
    if (!cluster.metadata?.name) errors.push("metadata.name is required");
    if (!Number.isInteger(spec.instances) || spec.instances < 1) errors.push("spec.instances must be an integer of at least 1");
    if (typeof spec.storage?.size !== "string" || !/^\d+(Mi|Gi|Ti)$/.test(spec.storage.size)) errors.push("spec.storage.size must be a quantity such as 5Gi");
    const initdb = spec.bootstrap?.initdb;
    if (!initdb?.database || !initdb?.owner) errors.push("spec.bootstrap.initdb needs database and owner");
    return errors;
  },
};

const input = await new Promise((resolve, reject) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
  process.stdin.on("error", reject);
});

const objects = [];
const results = [];
for (const document of parseAllDocuments(input)) {
  if (document.errors.length > 0) {
    results.push({ kind: "", name: "", check: "yaml", errors: document.errors.map((e) => e.message) });
    continue;
  }
  const object = document.toJS();
  if (object === null || object === undefined) continue;
  objects.push(object);
  results.push(await validate(object));
}

process.stdout.write(JSON.stringify({ objects, results }));

async function validate(object) {
  const kind = object.kind ?? "";
  const name = object.metadata?.name ?? "";
  const model = await modelFor(object.apiVersion ?? "", kind);
  if (model === undefined) {
    const check = requiredFieldChecks[`${object.apiVersion}/${kind}`];
    if (check === undefined) return { kind, name, check: "unknown", errors: [`no schema for ${object.apiVersion} ${kind}`] };
    return { kind, name, check: "required-fields", errors: check(object) };
  }
  try {
    new model(object).validate();
    return { kind, name, check: "schema", errors: [] };
  } catch (error) {
    const details = error.errors?.map((e) => `${e.instancePath} ${e.message}`) ?? [];
    return { kind, name, check: "schema", errors: details.length > 0 ? details : [String(error.message ?? error)] };
  }
}

// Core objects live under kubernetes-models/<group>/<version> ("v1" alone for the core group).
async function modelFor(apiVersion, kind) {
  const modules = {
    "external-secrets.io/v1": "@kubernetes-models/external-secrets/external-secrets.io/v1",
  };
  const path = modules[apiVersion] ?? (apiVersion.includes(".") && !apiVersion.includes(".k8s.io/") ? undefined : `kubernetes-models/${apiVersion}`);
  if (path === undefined) return undefined;
  try {
    const module = await import(path);
    return module[kind];
  } catch {
    return undefined;
  }
}
