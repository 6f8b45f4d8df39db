// Bundles the web client into the directory the `web` jar carries on the classpath
// (dev/baton/web/), with content-hashed assets and an asset-manifest.json that tells the
// VS Code extension which files to load. Usage: node build.mjs [--outdir DIR]
import * as esbuild from "esbuild";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { basename, join, relative } from "node:path";
import { iconPng } from "./icons.mjs";

const args = process.argv.slice(2);
const outdirFlag = args.indexOf("--outdir");
const outdir = outdirFlag >= 0 ? args[outdirFlag + 1] : "target/classes/dev/baton/web";

// Old hashed bundles must not linger next to the new ones.
await rm(outdir, { recursive: true, force: true });
await mkdir(join(outdir, "assets"), { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: "src/main.tsx" },
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  outdir: join(outdir, "assets"),
  entryNames: "[name]-[hash]",
  metafile: true,
  logLevel: "warning",
});

const outputs = Object.keys(result.metafile.outputs).map((file) => relative(outdir, file));
const js = outputs.find((file) => file.endsWith(".js"));
const css = outputs.find((file) => file.endsWith(".css"));
if (!js || !css) {
  throw new Error(`esbuild wrote ${outputs.join(", ")}; expected one .js and one .css`);
}
const manifest = { js, css };
await writeFile(join(outdir, "asset-manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

const template = await readFile("src/index.html", "utf8");
await writeFile(
  join(outdir, "index.html"),
  template.replace("%CSS%", `/${css}`).replace("%JS%", `/${js}`),
);
await cp("public", outdir, { recursive: true });
for (const size of [192, 512]) {
  await writeFile(join(outdir, `icon-${size}.png`), iconPng(size));
}

// The service worker keeps the app shell. It is served as /sw.js (a fixed name, revalidated on every
// visit) so its scope is the whole app; the shell list and the version change with every bundle, so a
// new build is a new worker.
const shell = ["/", `/${js}`, `/${css}`, "/manifest.webmanifest", "/icon.svg", "/icon-192.png", "/icon-512.png"];
const version = createHash("sha256").update(shell.join("\n")).digest("hex").slice(0, 16);
await esbuild.build({
  entryPoints: ["src/sw.ts"],
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  legalComments: "none",
  outfile: join(outdir, "sw.js"),
  define: { SHELL: JSON.stringify(shell), VERSION: JSON.stringify(version) },
  logLevel: "warning",
});
console.log(`web client built into ${outdir}: ${basename(js)}, ${basename(css)}`);
