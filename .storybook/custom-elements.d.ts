// custom-elements.json is generated (`npm run analyze`) and gitignored; Vite imports it as JSON. This keeps the
// type check independent of it (`npm test` type-checks before it generates the manifest).
declare module '*/custom-elements.json' {
  const manifest: unknown;
  export default manifest;
}
