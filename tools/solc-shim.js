#!/usr/bin/env node
// A native-solc look-alike over npm `solc` (soljson WASM), for ape-solidity (py-solc-x) and forge.
// Supports: --version, --standard-json [file] with --base-path / --include-path / --allow-paths,
// and --combined-json with prefix=target remappings (for slither on single files).
"use strict";
const fs = require("fs");
const path = require("path");

const scriptDir = path.dirname(fs.realpathSync(__filename));
const solc = require(require.resolve("solc", { paths: [path.join(scriptDir, "..")] }));
const NATIVE_SUFFIX = "Linux.g++";

function nativeVersion() {
  return solc.version().replace(/Emscripten\.clang$/, NATIVE_SUFFIX);
}

function writeAll(fd, text) {
  // process.stdout.write + exit truncates piped output at 64 KiB: write synchronously to the end.
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if (e.code !== "EAGAIN") throw e;
    }
  }
}

function parseArgs(argv) {
  const opts = { basePath: null, includePaths: [], positional: [], flags: new Set(), values: {} };
  const takesValue = new Set([
    "--base-path", "--include-path", "--allow-paths", "--combined-json", "--evm-version",
    "--optimize-runs", "-o", "--output-dir",
  ]);
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v = null;
    if (a.startsWith("--") && a.includes("=")) {
      const k = a.slice(0, a.indexOf("="));
      if (takesValue.has(k)) { v = a.slice(a.indexOf("=") + 1); a = k; }
    }
    if (takesValue.has(a)) {
      if (v === null) v = argv[++i];
      if (a === "--base-path") opts.basePath = v;
      else if (a === "--include-path") opts.includePaths.push(v);
      else opts.values[a] = v;
    } else if (a.startsWith("-")) {
      opts.flags.add(a);
    } else {
      opts.positional.push(a);
    }
  }
  return opts;
}

function makeImportCallback(opts, remappings) {
  const roots = [];
  if (opts.basePath) roots.push(opts.basePath);
  roots.push(...opts.includePaths);
  roots.push(process.cwd());
  return function findImports(unitName) {
    let name = unitName;
    for (const [prefix, target] of remappings) {
      if (name.startsWith(prefix)) { name = target + name.slice(prefix.length); break; }
    }
    const candidates = path.isAbsolute(name) ? [name] : roots.map((r) => path.resolve(r, name));
    for (const c of candidates) {
      try {
        return { contents: fs.readFileSync(c, "utf8") };
      } catch (_) { /* try the next root */ }
    }
    return { error: `File not found: ${unitName} (looked in ${candidates.join(", ")})` };
  };
}

function standardJson(opts) {
  const file = opts.positional[0];
  const input = file ? fs.readFileSync(file, "utf8") : fs.readFileSync(0, "utf8");
  const out = solc.compile(input, { import: makeImportCallback(opts, []) });
  writeAll(1, out);
  return 0;
}

function combinedJson(opts) {
  const remappings = [];
  const files = [];
  for (const p of opts.positional) {
    if (p.includes("=")) {
      const [prefix, target] = p.split("=", 2);
      remappings.push([prefix, target]);
    } else {
      files.push(p);
    }
  }
  const sources = {};
  for (const f of files) sources[f] = { content: fs.readFileSync(f, "utf8") };
  const fields = opts.values["--combined-json"].split(",");
  const selection = [];
  const map = {
    abi: "abi", bin: "evm.bytecode.object", "bin-runtime": "evm.deployedBytecode.object",
    srcmap: "evm.bytecode.sourceMap", "srcmap-runtime": "evm.deployedBytecode.sourceMap",
    hashes: "evm.methodIdentifiers", userdoc: "userdoc", devdoc: "devdoc", metadata: "metadata",
    "storage-layout": "storageLayout",
  };
  for (const f of fields) if (map[f]) selection.push(map[f]);
  const input = {
    language: "Solidity",
    sources,
    settings: {
      remappings: remappings.map(([a, b]) => `${a}=${b}`),
      outputSelection: { "*": { "*": selection, "": ["ast"] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: makeImportCallback(opts, remappings) }));
  const errors = (out.errors || []).filter((e) => e.severity === "error");
  for (const e of out.errors || []) writeAll(2, (e.formattedMessage || e.message) + "\n");
  if (errors.length) return 1;
  const result = { contracts: {}, sources: {}, sourceList: Object.keys(out.sources || {}), version: nativeVersion() };
  for (const [src, contracts] of Object.entries(out.contracts || {})) {
    for (const [name, c] of Object.entries(contracts)) {
      const entry = {};
      for (const f of fields) {
        if (f === "abi") entry.abi = c.abi;
        else if (f === "bin") entry.bin = c.evm.bytecode.object;
        else if (f === "bin-runtime") entry["bin-runtime"] = c.evm.deployedBytecode.object;
        else if (f === "srcmap") entry.srcmap = c.evm.bytecode.sourceMap;
        else if (f === "srcmap-runtime") entry["srcmap-runtime"] = c.evm.deployedBytecode.sourceMap;
        else if (f === "hashes") entry.hashes = c.evm.methodIdentifiers;
        else if (f === "userdoc") entry.userdoc = c.userdoc;
        else if (f === "devdoc") entry.devdoc = c.devdoc;
        else if (f === "metadata") entry.metadata = c.metadata;
      }
      result.contracts[`${src}:${name}`] = entry;
    }
  }
  for (const [src, s] of Object.entries(out.sources || {})) result.sources[src] = { AST: s.ast, id: s.id };
  writeAll(1, JSON.stringify(result));
  return 0;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.flags.has("--version") || opts.flags.has("-v")) {
    writeAll(1, `solc, the solidity compiler commandline interface\nVersion: ${nativeVersion()}\n`);
    return 0;
  }
  if (opts.flags.has("--standard-json")) return standardJson(opts);
  if (opts.values["--combined-json"]) return combinedJson(opts);
  writeAll(2, "solc-shim: only --version, --standard-json and --combined-json are supported\n");
  return 1;
}

process.exitCode = main();
