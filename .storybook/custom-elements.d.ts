// The manifest is generated (`npm run analyze`) and gitignored; Vite imports it as JSON.
declare module '*/custom-elements.json' {
  const manifest: unknown;
  export default manifest;
}
