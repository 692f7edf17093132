// `cem analyze` (npm run analyze, npm test's manifest step): the analyzer also records each
// `dispatchEvent(new XEvent(…))` it sees as an event with a type and no name; the elements' JSDoc @event lines name
// every event with its class, so those nameless duplicates are dropped.
export default {
  plugins: [{
    name: 'named-events-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const d of mod.declarations ?? []) {
          if (d.events) d.events = d.events.filter((e) => e.name);
        }
      }
    },
  }],
};
